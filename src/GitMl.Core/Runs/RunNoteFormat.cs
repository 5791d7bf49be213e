using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>
/// The canonical one-line JSON of a run and of an amendment (docs/spec/run-notes.md): keys in ordinal order at every
/// level, no spaces, ASCII only, times as ISO-8601 UTC with milliseconds, non-finite metric values as the strings
/// "NaN", "Infinity", "-Infinity". One valid encoding per value, so the same run is the same line in every clone and
/// `git notes merge -s cat_sort_uniq` collapses copies of it. Reading is lenient about key order but strict about
/// types: a line that is not a run or amendment of a known schema is rejected with the reason.
/// </summary>
public static class RunNoteFormat
{
    public const int SchemaVersion = 1;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static string Write(RunRecord run)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("branch", run.Branch);
            w.WriteStartArray("command");
            foreach (string part in run.Command)
            {
                w.WriteStringValue(part);
            }
            w.WriteEndArray();
            w.WriteString("commit", run.Commit);
            WriteFiles(w, "data", run.Data);
            if (run.DiffSha256 is not null)
            {
                w.WriteString("diff_sha256", run.DiffSha256);
            }
            w.WriteBoolean("dirty", run.Dirty);
            w.WriteString("end", Time(run.End));
            if (run.ExitCode is { } code)
            {
                w.WriteNumber("exit_code", code);
            }
            w.WriteString("git_ml_version", run.GitMlVersion);
            w.WriteString("host", run.Host);
            w.WriteString("id", run.Id.Hex);
            w.WriteString("kind", "run");
            WriteMetrics(w, run.Metrics);
            w.WriteString("name", run.Name);
            w.WriteString("os", run.Os);
            WriteFiles(w, "outputs", run.Outputs);
            WriteStrings(w, "params", run.Params);
            if (run.Parent is { } parent)
            {
                w.WriteString("parent", parent.Hex);
            }
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("start", Time(run.Start));
            w.WriteString("status", run.Status);
            WriteStrings(w, "tags", run.Tags);
            w.WriteString("user", run.User);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Write(RunAmendment amendment)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("at", Time(amendment.At));
            if (amendment.Deleted is { } deleted)
            {
                w.WriteBoolean("deleted", deleted);
            }
            w.WriteString("id", amendment.Run.Hex);
            w.WriteString("kind", "amend");
            w.WriteNumber("schema", SchemaVersion);
            w.WriteStartObject("tags");
            foreach (var (key, value) in amendment.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
            w.WriteString("user", amendment.User);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads one note line: a <see cref="RunRecord"/> or a <see cref="RunAmendment"/>.</summary>
    /// <exception cref="FormatException">Not JSON, not an object of a known kind and schema, or a field of the wrong type; the message says which.</exception>
    public static object Read(string line, string attachedTo)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a JSON object");
            }
            int schema = Optional(root, "schema") is { ValueKind: JsonValueKind.Number } s && s.TryGetInt32(out int v) ? v : 0;
            if (schema != SchemaVersion)
            {
                throw new FormatException(schema > SchemaVersion
                    ? $"written by a newer git-ml (schema {schema}); upgrade git-ml to read it"
                    : "not a git-ml run (no schema version)");
            }
            return Str(root, "kind") switch
            {
                "run" => ReadRun(root, attachedTo),
                "amend" => ReadAmendment(root),
                var kind => throw new FormatException($"unknown kind '{kind}'"),
            };
        }
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static RunRecord ReadRun(JsonElement root, string attachedTo)
    {
        var id = RunId.Parse(Str(root, "id"));
        return new RunRecord(
            id,
            Str(root, "name"),
            Str(root, "status"),
            Str(root, "user"),
            Str(root, "host"),
            ParseTime(root, "start"),
            ParseTime(root, "end"),
            Optional(root, "exit_code") is { } code ? code.GetInt32() : null,
            Required(root, "command", JsonValueKind.Array).EnumerateArray().Select(e => Expect(e, JsonValueKind.String, "command").GetString()!).ToList(),
            Str(root, "commit"),
            Optional(root, "branch") is { ValueKind: JsonValueKind.String } branch ? branch.GetString() : null,
            Required(root, "dirty", JsonValueKind.True, JsonValueKind.False).GetBoolean(),
            Optional(root, "diff_sha256")?.GetString(),
            ReadStrings(root, "params"),
            ReadMetrics(root),
            ReadStrings(root, "tags"),
            ReadFiles(root, "data"),
            ReadFiles(root, "outputs"),
            Optional(root, "parent") is { } parent ? RunId.Parse(parent.GetString() ?? "") : null,
            Str(root, "git_ml_version"),
            Str(root, "os"))
        { AttachedTo = attachedTo };
    }

    private static RunAmendment ReadAmendment(JsonElement root)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in Required(root, "tags", JsonValueKind.Object).EnumerateObject())
        {
            tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.Null ? null : Expect(tag.Value, JsonValueKind.String, "tags").GetString();
        }
        bool? deleted = Optional(root, "deleted") is { } d ? Expect(d, d.ValueKind is JsonValueKind.True ? JsonValueKind.True : JsonValueKind.False, "deleted").GetBoolean() : null;
        return new RunAmendment(RunId.Parse(Str(root, "id")), ParseTime(root, "at"), Str(root, "user"), tags, deleted);
    }

    private static void WriteFiles(Utf8JsonWriter w, string name, IReadOnlyList<RunFile> files)
    {
        w.WriteStartArray(name);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("oid", file.Oid.Hex);
            w.WriteString("path", file.Path);
            w.WriteNumber("size", file.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter w, IReadOnlyList<RunMetric> metrics)
    {
        w.WriteStartObject("metrics");
        foreach (var metric in metrics.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            w.WriteStartObject(metric.Name);
            w.WriteNumber("count", metric.Count);
            if (metric.HistoryOid is { } oid)
            {
                w.WriteString("history", oid.Hex);
            }
            if (metric.InlinePoints is { } points)
            {
                w.WriteStartArray("points");
                foreach (var point in points)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(point.Step);
                    WriteNumber(w, point.Value);
                    w.WriteNumberValue(point.TimestampMs);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("step", metric.Step);
            w.WritePropertyName("value");
            WriteNumber(w, metric.Value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static double ReadNumber(JsonElement e, string what) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when e.GetString() == "NaN" => double.NaN,
        JsonValueKind.String when e.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when e.GetString() == "-Infinity" => double.NegativeInfinity,
        _ => throw new FormatException($"'{what}' is not a number"),
    };

    private static List<RunMetric> ReadMetrics(JsonElement root)
    {
        var metrics = new List<RunMetric>();
        foreach (var property in Required(root, "metrics", JsonValueKind.Object).EnumerateObject())
        {
            var m = Expect(property.Value, JsonValueKind.Object, "metrics." + property.Name);
            List<MetricPoint>? points = null;
            if (Optional(m, "points") is { } list)
            {
                points = [];
                foreach (var p in Expect(list, JsonValueKind.Array, "points").EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 3)
                    {
                        throw new FormatException($"metric '{property.Name}': a point is not [step, value, time]");
                    }
                    points.Add(new MetricPoint(p[0].GetInt64(), ReadNumber(p[1], property.Name), p[2].GetInt64()));
                }
            }
            ObjectId? history = Optional(m, "history") is { } h ? ObjectId.Parse(h.GetString() ?? "") : null;
            metrics.Add(new RunMetric(property.Name, ReadNumber(Required(m, "value"), property.Name), Required(m, "step", JsonValueKind.Number).GetInt64(),
                Required(m, "count", JsonValueKind.Number).GetInt64(), points, history));
        }
        return metrics;
    }

    private static List<RunFile> ReadFiles(JsonElement root, string name)
    {
        var files = new List<RunFile>();
        foreach (var e in Required(root, name, JsonValueKind.Array).EnumerateArray())
        {
            files.Add(new RunFile(Str(e, "path"), ObjectId.Parse(Str(e, "oid")), Required(e, "size", JsonValueKind.Number).GetInt64()));
        }
        return files;
    }

    private static Dictionary<string, string> ReadStrings(JsonElement root, string name)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in Required(root, name, JsonValueKind.Object).EnumerateObject())
        {
            values[property.Name] = Expect(property.Value, JsonValueKind.String, name + "." + property.Name).GetString()!;
        }
        return values;
    }

    private static DateTimeOffset ParseTime(JsonElement root, string name) =>
        DateTimeOffset.TryParseExact(Str(root, name), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"'{name}' is not a time like 2026-01-31T12:00:00.000Z");

    private static string Str(JsonElement e, string name) => Required(e, name, JsonValueKind.String).GetString()!;

    private static JsonElement? Optional(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement Required(JsonElement e, string name, params JsonValueKind[] kinds)
    {
        if (Optional(e, name) is not { } value)
        {
            throw new FormatException($"'{name}' is missing");
        }
        return kinds.Length == 0 || kinds.Contains(value.ValueKind) ? value : throw new FormatException($"'{name}' has the wrong type ({value.ValueKind})");
    }

    private static JsonElement Expect(JsonElement e, JsonValueKind kind, string what) =>
        e.ValueKind == kind ? e : throw new FormatException($"'{what}' has the wrong type ({e.ValueKind})");
}
