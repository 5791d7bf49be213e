using System.Buffers;
using System.Text.Json;
using GitMl.Core.Objects;
using GitMl.Core.Runs;

namespace GitMl.Server.Tracking;

/// <summary>
/// The journal's line format: one compact JSON object per entry, its kind in "t". Metric values that are not finite
/// are the strings "NaN", "Infinity", "-Infinity". Reading is strict: a line that does not parse is reported by the
/// caller (a torn last line after a crash is expected and dropped).
/// </summary>
public static class JournalFormat
{
    public static void Write(IBufferWriter<byte> output, JournalEntry entry)
    {
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            switch (entry)
            {
                case RunCreated c:
                    w.WriteString("t", "create");
                    w.WriteString("id", c.Id.Hex);
                    w.WriteString("experiment_id", c.ExperimentId);
                    w.WriteString("name", c.Name);
                    w.WriteString("user", c.User);
                    w.WriteNumber("start", c.StartTime);
                    w.WriteString("commit", c.Commit);
                    w.WriteString("branch", c.Branch);
                    w.WriteStartObject("tags");
                    foreach (var (key, value) in c.Tags)
                    {
                        w.WriteString(key, value);
                    }
                    w.WriteEndObject();
                    break;
                case MetricLogged m:
                    w.WriteString("t", "m");
                    w.WriteString("k", m.Key);
                    w.WritePropertyName("v");
                    if (double.IsFinite(m.Value))
                    {
                        w.WriteNumberValue(m.Value);
                    }
                    else
                    {
                        w.WriteStringValue(double.IsNaN(m.Value) ? "NaN" : m.Value > 0 ? "Infinity" : "-Infinity");
                    }
                    w.WriteNumber("ts", m.Timestamp);
                    w.WriteNumber("s", m.Step);
                    break;
                case ParamLogged p:
                    w.WriteString("t", "p");
                    w.WriteString("k", p.Key);
                    w.WriteString("v", p.Value);
                    break;
                case TagChanged tag:
                    w.WriteString("t", "tag");
                    w.WriteString("k", tag.Key);
                    w.WriteString("v", tag.Value);
                    break;
                case ArtifactStored a:
                    w.WriteString("t", "a");
                    w.WriteString("path", a.File.Path);
                    w.WriteString("oid", a.File.Oid.Hex);
                    w.WriteNumber("size", a.File.Size);
                    break;
                case RunUpdated u:
                    w.WriteString("t", "u");
                    w.WriteString("status", u.Status);
                    if (u.EndTime is { } end)
                    {
                        w.WriteNumber("end", end);
                    }
                    w.WriteString("name", u.Name);
                    break;
                case LifecycleChanged l:
                    w.WriteString("t", "life");
                    w.WriteBoolean("deleted", l.Deleted);
                    break;
                default:
                    throw new ArgumentException("unknown journal entry", nameof(entry));
            }
            w.WriteEndObject();
        }
        output.Write("\n"u8);
    }

    /// <exception cref="FormatException">The line is not an entry this version writes.</exception>
    public static JournalEntry Read(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var o = document.RootElement;
            return Text(o, "t") switch
            {
                "create" => new RunCreated(RunId.Parse(Text(o, "id")), Text(o, "experiment_id"), Text(o, "name"), Text(o, "user"),
                    o.GetProperty("start").GetInt64(), Text(o, "commit"), o.GetProperty("branch").GetString(),
                    o.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)),
                "m" => new MetricLogged(Text(o, "k"), Number(o.GetProperty("v")), o.GetProperty("ts").GetInt64(), o.GetProperty("s").GetInt64()),
                "p" => new ParamLogged(Text(o, "k"), Text(o, "v")),
                "tag" => new TagChanged(Text(o, "k"), o.GetProperty("v").GetString()),
                "a" => new ArtifactStored(new RunFile(Text(o, "path"), ObjectId.Parse(Text(o, "oid")), o.GetProperty("size").GetInt64())),
                "u" => new RunUpdated(o.GetProperty("status").GetString(), o.TryGetProperty("end", out var end) ? end.GetInt64() : null, o.GetProperty("name").GetString()),
                "life" => new LifecycleChanged(o.GetProperty("deleted").GetBoolean()),
                var other => throw new FormatException($"unknown entry kind '{other}'"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FormatException("not a journal entry", e);
        }
    }

    private static string Text(JsonElement o, string name) => o.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");

    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => throw new FormatException("not a number"),
        }
        : value.GetDouble();
}
