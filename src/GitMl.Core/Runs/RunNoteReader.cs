using System.Text.Json;
using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>
/// Reads one note line (UTF-8 bytes) into a <see cref="RunRecord"/> or a <see cref="RunAmendment"/> in a single
/// forward pass with <see cref="Utf8JsonReader"/>: no document tree and no copy of the text, because a search reads
/// every run of the repository (tens of thousands of lines) on each call. Lenient about key order and unknown keys
/// (a later minor addition), strict about types: anything else is a <see cref="FormatException"/> saying what.
/// </summary>
internal static class RunNoteReader
{
    /// <summary>Every key a run or amendment line has at any level (not user names like metric or param keys).</summary>
    private static readonly HashSet<string> Keys =
    [
        "schema", "kind", "id", "name", "status", "user", "host", "start", "end", "at", "commit", "branch", "diff_sha256", "parent",
        "git_ml_version", "os", "exit_code", "dirty", "deleted", "command", "params", "tags", "metrics", "data", "outputs",
        "path", "oid", "size", "value", "step", "count", "history", "points",
    ];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeyLookup = Keys.GetAlternateLookup<ReadOnlySpan<char>>();

    public static object Read(ReadOnlySpan<byte> line, string attachedTo)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = InputLimits.MaxDepth });
        Fields fields;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("not a JSON object");
            }
            fields = ReadFields(ref reader);
            if (reader.Read())
            {
                throw new FormatException("more than one JSON value on the line");
            }
        }
        catch (JsonException e)
        {
            throw new FormatException(UserMessage.Of(e), e);
        }
        if (fields.Schema != RunNoteFormat.SchemaVersion)
        {
            throw new FormatException(fields.Schema > RunNoteFormat.SchemaVersion
                ? $"written by a newer git-ml (schema {fields.Schema}); upgrade git-ml to read it"
                : "not a git-ml run (no schema version)");
        }
        return fields.Kind switch
        {
            "run" => fields.ToRun(attachedTo),
            "amend" => fields.ToAmendment(),
            null => throw new FormatException("'kind' is missing"),
            var kind => throw new FormatException($"unknown kind '{kind}'"),
        };
    }

    private static Fields ReadFields(ref Utf8JsonReader reader)
    {
        var f = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = Key(ref reader);
            reader.Read();
            switch (name)
            {
                case "schema": f.Schema = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int schema) ? schema : throw WrongType(name, reader); break;
                case "kind": f.Kind = Text(ref reader, name); break;
                case "id": f.Id = Text(ref reader, name); break;
                case "name": f.Name = Text(ref reader, name); break;
                case "status": f.Status = Text(ref reader, name); break;
                case "user": f.User = Text(ref reader, name); break;
                case "host": f.Host = Text(ref reader, name); break;
                case "start": f.Start = Text(ref reader, name); break;
                case "end": f.End = Text(ref reader, name); break;
                case "at": f.At = Text(ref reader, name); break;
                case "commit": f.Commit = Text(ref reader, name); break;
                case "branch": f.Branch = NullableText(ref reader, name); break;
                case "diff_sha256": f.Diff = NullableText(ref reader, name); break;
                case "parent": f.Parent = NullableText(ref reader, name); break;
                case "git_ml_version": f.Version = Text(ref reader, name); break;
                case "os": f.Os = Text(ref reader, name); break;
                case "exit_code": f.ExitCode = reader.TokenType == JsonTokenType.Null ? null : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int code) ? code : throw WrongType(name, reader); break;
                case "dirty": f.Dirty = Bool(ref reader, name); break;
                case "deleted": f.Deleted = Bool(ref reader, name); break;
                case "command": f.Command = TextArray(ref reader, name); break;
                case "params": f.Params = TextMap(ref reader, name); break;
                case "tags": f.Tags = TextMap(ref reader, name); break;
                case "metrics": f.Metrics = Metrics(ref reader); break;
                case "data": f.Data = Files(ref reader, name); break;
                case "outputs": f.Outputs = Files(ref reader, name); break;
                default: reader.Skip(); break;
            }
        }
        return f;
    }

    /// <summary>
    /// A known key as the one shared string instead of a new one per line: a search reads about 25 keys per run over
    /// tens of thousands of runs, and those allocations were a large part of its time.
    /// </summary>
    private static string Key(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 32)
        {
            Span<char> chars = stackalloc char[32];
            int count = System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            if (KeyLookup.TryGetValue(chars[..count], out string? known))
            {
                return known;
            }
        }
        return reader.GetString()!;
    }

    private static string Text(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw WrongType(name, reader);

    private static string? NullableText(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Null ? null : Text(ref reader, name);

    private static bool Bool(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw WrongType(name, reader),
    };

    private static long Integer(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : throw WrongType(name, reader);

    private static double Number(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDouble();
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            switch (reader.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }
        throw new FormatException($"'{name}' is not a number");
    }

    private static List<string> TextArray(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartArray, name);
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(Text(ref reader, name));
        }
        return items;
    }

    /// <summary>An object of strings; a null value is kept as null (amendments remove tags with it; runs refuse it later).</summary>
    private static Dictionary<string, string?> TextMap(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, name);
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            map[key] = NullableText(ref reader, name + "." + key);
        }
        return map;
    }

    private static List<RunFile> Files(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartArray, name);
        var files = new List<RunFile>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, name);
            string? path = null, oid = null;
            long? size = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string field = Key(ref reader);
                reader.Read();
                switch (field)
                {
                    case "path": path = Text(ref reader, name + ".path"); break;
                    case "oid": oid = Text(ref reader, name + ".oid"); break;
                    case "size": size = Integer(ref reader, name + ".size"); break;
                    default: reader.Skip(); break;
                }
            }
            files.Add(new RunFile(path ?? throw Missing(name + ".path"), ObjectId.Parse(oid ?? throw Missing(name + ".oid")), size ?? throw Missing(name + ".size")));
        }
        return files;
    }

    private static List<RunMetric> Metrics(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "metrics");
        var metrics = new List<RunMetric>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject, "metrics." + name);
            double? value = null;
            long? step = null, count = null;
            List<MetricPoint>? points = null;
            ObjectId? history = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string field = Key(ref reader);
                reader.Read();
                switch (field)
                {
                    case "value": value = Number(ref reader, name); break;
                    case "step": step = Integer(ref reader, name + ".step"); break;
                    case "count": count = Integer(ref reader, name + ".count"); break;
                    case "history": history = ObjectId.Parse(Text(ref reader, name + ".history")); break;
                    case "points": points = Points(ref reader, name); break;
                    default: reader.Skip(); break;
                }
            }
            metrics.Add(new RunMetric(name, value ?? throw Missing($"metrics.{name}.value"), step ?? throw Missing($"metrics.{name}.step"),
                count ?? throw Missing($"metrics.{name}.count"), points, history));
        }
        return metrics;
    }

    private static List<MetricPoint> Points(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartArray, name + ".points");
        var points = new List<MetricPoint>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartArray, name + ".points");
            reader.Read();
            long step = Integer(ref reader, name + ".points");
            reader.Read();
            double value = Number(ref reader, name);
            reader.Read();
            long time = Integer(ref reader, name + ".points");
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new FormatException($"metric '{name}': a point is not [step, value, time]");
            }
            points.Add(new MetricPoint(step, value, time));
        }
        return points;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string name)
    {
        if (reader.TokenType != type)
        {
            throw WrongType(name, reader);
        }
    }

    private static FormatException WrongType(string name, Utf8JsonReader reader) => new($"'{name}' has the wrong type ({reader.TokenType})");

    private static FormatException Missing(string name) => new($"'{name}' is missing");

    /// <summary>What a line held, before it is known to be a run or an amendment.</summary>
    private sealed class Fields
    {
        public int Schema;
        public string? Kind, Id, Name, Status, User, Host, Start, End, At, Commit, Branch, Diff, Parent, Version, Os;
        public int? ExitCode;
        public bool? Dirty, Deleted;
        public List<string>? Command;
        public Dictionary<string, string?>? Params, Tags;
        public List<RunMetric>? Metrics;
        public List<RunFile>? Data, Outputs;

        public RunRecord ToRun(string attachedTo) => new(
            RunId.Parse(Need(Id, "id")),
            Need(Name, "name"),
            Need(Status, "status"),
            Need(User, "user"),
            Need(Host, "host"),
            RunNoteFormat.ParseTime(Need(Start, "start"), "start"),
            RunNoteFormat.ParseTime(Need(End, "end"), "end"),
            ExitCode,
            Need(Command, "command"),
            Need(Commit, "commit"),
            Branch,
            Dirty ?? throw Missing("dirty"),
            Diff,
            NoNulls(Need(Params, "params"), "params"),
            Need(Metrics, "metrics"),
            NoNulls(Need(Tags, "tags"), "tags"),
            Need(Data, "data"),
            Need(Outputs, "outputs"),
            Parent is null ? null : RunId.Parse(Parent),
            Need(Version, "git_ml_version"),
            Need(Os, "os"))
        { AttachedTo = attachedTo };

        public RunAmendment ToAmendment() =>
            new(RunId.Parse(Need(Id, "id")), RunNoteFormat.ParseTime(Need(At, "at"), "at"), Need(User, "user"), Need(Tags, "tags"), Deleted);

        private static T Need<T>(T? value, string name) where T : class => value ?? throw Missing(name);

        private static Dictionary<string, string> NoNulls(Dictionary<string, string?> map, string name)
        {
            var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
            foreach (var (key, value) in map)
            {
                result[key] = value ?? throw new FormatException($"'{name}.{key}' has the wrong type (Null)");
            }
            return result;
        }
    }
}
