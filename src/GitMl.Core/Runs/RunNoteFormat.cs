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

    /// <summary>
    /// One pass over the run's properties: JsonElement looks a property up by scanning them all, so reading a run of
    /// some 25 properties by name would cost hundreds of comparisons; a search reads tens of thousands of runs.
    /// </summary>
    private static RunRecord ReadRun(JsonElement root, string attachedTo)
    {
        string? id = null, name = null, status = null, user = null, host = null, start = null, end = null, commit = null, branch = null;
        string? diff = null, parent = null, version = null, os = null;
        int? exitCode = null;
        bool? dirty = null;
        List<string>? command = null;
        Dictionary<string, string>? parameters = null, tags = null;
        List<RunMetric>? metrics = null;
        List<RunFile>? data = null, outputs = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "id": id = Text(value, "id"); break;
                case "name": name = Text(value, "name"); break;
                case "status": status = Text(value, "status"); break;
                case "user": user = Text(value, "user"); break;
                case "host": host = Text(value, "host"); break;
                case "start": start = Text(value, "start"); break;
                case "end": end = Text(value, "end"); break;
                case "commit": commit = Text(value, "commit"); break;
                case "branch": branch = value.ValueKind == JsonValueKind.Null ? null : Text(value, "branch"); break;
                case "diff_sha256": diff = value.ValueKind == JsonValueKind.Null ? null : Text(value, "diff_sha256"); break;
                case "parent": parent = value.ValueKind == JsonValueKind.Null ? null : Text(value, "parent"); break;
                case "git_ml_version": version = Text(value, "git_ml_version"); break;
                case "os": os = Text(value, "os"); break;
                case "exit_code": exitCode = value.ValueKind == JsonValueKind.Null ? null : Expect(value, JsonValueKind.Number, "exit_code").GetInt32(); break;
                case "dirty": dirty = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new FormatException($"'dirty' has the wrong type ({value.ValueKind})"); break;
                case "command": command = Expect(value, JsonValueKind.Array, "command").EnumerateArray().Select(e => Text(e, "command")).ToList(); break;
                case "params": parameters = ReadStrings(value, "params"); break;
                case "tags": tags = ReadStrings(value, "tags"); break;
                case "metrics": metrics = ReadMetrics(value); break;
                case "data": data = ReadFiles(value, "data"); break;
                case "outputs": outputs = ReadFiles(value, "outputs"); break;
                default: break; // "kind", "schema", and keys a later minor version may add
            }
        }
        return new RunRecord(
            RunId.Parse(Must(id, "id")),
            Must(name, "name"),
            Must(status, "status"),
            Must(user, "user"),
            Must(host, "host"),
            ParseTime(Must(start, "start"), "start"),
            ParseTime(Must(end, "end"), "end"),
            exitCode,
            Must(command, "command"),
            Must(commit, "commit"),
            branch,
            Must(dirty, "dirty"),
            diff,
            Must(parameters, "params"),
            Must(metrics, "metrics"),
            Must(tags, "tags"),
            Must(data, "data"),
            Must(outputs, "outputs"),
            parent is null ? null : RunId.Parse(parent),
            Must(version, "git_ml_version"),
            Must(os, "os"))
        { AttachedTo = attachedTo };
    }

    private static T Must<T>(T? value, string name) where T : class => value ?? throw new FormatException($"'{name}' is missing");

    private static bool Must(bool? value, string name) => value ?? throw new FormatException($"'{name}' is missing");

    private static string Text(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"'{what}' has the wrong type ({e.ValueKind})");

    private static RunAmendment ReadAmendment(JsonElement root)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in Required(root, "tags", JsonValueKind.Object).EnumerateObject())
        {
            tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.Null ? null : Expect(tag.Value, JsonValueKind.String, "tags").GetString();
        }
        bool? deleted = Optional(root, "deleted") is { } d ? Expect(d, d.ValueKind is JsonValueKind.True ? JsonValueKind.True : JsonValueKind.False, "deleted").GetBoolean() : null;
        return new RunAmendment(RunId.Parse(Str(root, "id")), ParseTime(Str(root, "at"), "at"), Str(root, "user"), tags, deleted);
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

    private static List<RunMetric> ReadMetrics(JsonElement all)
    {
        var metrics = new List<RunMetric>();
        foreach (var property in Expect(all, JsonValueKind.Object, "metrics").EnumerateObject())
        {
            string name = property.Name;
            double? value = null;
            long? step = null, count = null;
            List<MetricPoint>? points = null;
            ObjectId? history = null;
            foreach (var field in Expect(property.Value, JsonValueKind.Object, "metrics." + name).EnumerateObject())
            {
                var v = field.Value;
                switch (field.Name)
                {
                    case "value": value = ReadNumber(v, name); break;
                    case "step": step = Expect(v, JsonValueKind.Number, "step").GetInt64(); break;
                    case "count": count = Expect(v, JsonValueKind.Number, "count").GetInt64(); break;
                    case "history": history = ObjectId.Parse(Text(v, "history")); break;
                    case "points":
                        points = new List<MetricPoint>(v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0);
                        foreach (var p in Expect(v, JsonValueKind.Array, "points").EnumerateArray())
                        {
                            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 3)
                            {
                                throw new FormatException($"metric '{name}': a point is not [step, value, time]");
                            }
                            using var items = p.EnumerateArray();
                            items.MoveNext();
                            long s = items.Current.GetInt64();
                            items.MoveNext();
                            double d = ReadNumber(items.Current, name);
                            items.MoveNext();
                            points.Add(new MetricPoint(s, d, items.Current.GetInt64()));
                        }
                        break;
                    default: break;
                }
            }
            metrics.Add(new RunMetric(name, value ?? throw new FormatException($"metric '{name}' has no value"),
                step ?? throw new FormatException($"metric '{name}' has no step"), count ?? throw new FormatException($"metric '{name}' has no count"), points, history));
        }
        return metrics;
    }

    private static List<RunFile> ReadFiles(JsonElement list, string name)
    {
        var files = new List<RunFile>();
        foreach (var e in Expect(list, JsonValueKind.Array, name).EnumerateArray())
        {
            files.Add(new RunFile(Str(e, "path"), ObjectId.Parse(Str(e, "oid")), Required(e, "size", JsonValueKind.Number).GetInt64()));
        }
        return files;
    }

    private static Dictionary<string, string> ReadStrings(JsonElement values, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in Expect(values, JsonValueKind.Object, name).EnumerateObject())
        {
            result[property.Name] = Text(property.Value, name + "." + property.Name);
        }
        return result;
    }

    /// <summary>Parses the one time format written (fixed width), by hand: it is read twice per run in every search.</summary>
    private static DateTimeOffset ParseTime(string text, string name)
    {
        if (text.Length == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[23] == 'Z'
            && Digits(text, 0, 4, out int year) && Digits(text, 5, 2, out int month) && Digits(text, 8, 2, out int day)
            && Digits(text, 11, 2, out int hour) && Digits(text, 14, 2, out int minute) && Digits(text, 17, 2, out int second) && Digits(text, 20, 3, out int ms)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year == 0 ? 1 : year, month) && hour < 24 && minute < 60 && second < 60 && year > 0)
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, ms, TimeSpan.Zero);
        }
        throw new FormatException($"'{name}' is not a time like 2026-01-31T12:00:00.000Z");
    }

    private static bool Digits(string text, int at, int count, out int value)
    {
        value = 0;
        for (int i = at; i < at + count; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
            value = (value * 10) + (text[i] - '0');
        }
        return true;
    }

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
