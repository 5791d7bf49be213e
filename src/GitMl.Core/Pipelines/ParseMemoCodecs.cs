using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Core.Locks;

namespace GitMl.Core.Pipelines;

/// <summary>
/// A parsed pipeline as a <see cref="ParseMemo"/> payload, and back: every field of <see cref="PipelineSpec"/>,
/// <see cref="StageSpec"/>, <see cref="OutputSpec"/> and <see cref="ParamDependency"/>, so the recalled spec is the
/// parsed one (a test compares every property of both, and fails when a new one is not encoded here).
/// </summary>
internal static class PipelineSpecCodec
{
    public static byte[] Encode(PipelineSpec spec)
    {
        using var stream = new MemoryStream();
        var w = new MemoWriter(stream);
        w.String(spec.FilePath);
        Strings(w, spec.Metrics);
        Strings(w, spec.Params);
        w.Count(spec.Stages.Count);
        foreach (var stage in spec.Stages)
        {
            w.String(stage.Name);
            Strings(w, stage.Commands);
            w.String(stage.WorkingDirectory);
            Strings(w, stage.Deps);
            Params(w, stage.Params);
            w.Count(stage.Outs.Count);
            foreach (var output in stage.Outs)
            {
                w.String(output.Path);
                w.Byte((byte)output.Kind);
                w.Bool(output.Cache);
                w.Bool(output.Persist);
                w.NullableString(output.Description);
            }
            w.Bool(stage.Frozen);
            w.Bool(stage.AlwaysChanged);
            w.NullableString(stage.Description);
            w.NullableString(stage.Meta);
            w.Int(stage.Line);
            Params(w, stage.ParamsFromTemplates);
        }
        return stream.ToArray();
    }

    /// <summary>The spec <see cref="Encode"/> wrote, or null when the payload is not one.</summary>
    public static PipelineSpec? TryDecode(byte[] payload)
    {
        try
        {
            return Decode(payload);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static PipelineSpec Decode(byte[] payload)
    {
        var r = new MemoReader(payload);
        string file = r.String();
        var metrics = Strings(r);
        var topParams = Strings(r);
        int count = r.Count();
        var stages = new List<StageSpec>();
        for (int i = 0; i < count; i++)
        {
            string name = r.String();
            var commands = Strings(r);
            string wdir = r.String();
            var deps = Strings(r);
            var parameters = Params(r);
            int outCount = r.Count();
            var outs = new List<OutputSpec>();
            for (int o = 0; o < outCount; o++)
            {
                string path = r.String();
                byte kind = r.Byte();
                if (!Enum.IsDefined((OutputKind)kind))
                {
                    throw new FormatException("not an output kind");
                }
                outs.Add(new OutputSpec(path, (OutputKind)kind, r.Bool(), r.Bool(), r.NullableString()));
            }
            stages.Add(new StageSpec(name, commands, wdir, deps, parameters, outs, r.Bool(), r.Bool(), r.NullableString(), r.NullableString(), r.Int())
            {
                ParamsFromTemplates = Params(r),
            });
        }
        return r.AtEnd
            ? new PipelineSpec(file, stages) { Metrics = metrics, Params = topParams }
            : throw new FormatException("trailing bytes");
    }

    private static void Params(MemoWriter w, IReadOnlyList<ParamDependency> parameters)
    {
        w.Count(parameters.Count);
        foreach (var p in parameters)
        {
            w.String(p.File);
            Strings(w, p.Keys);
        }
    }

    private static List<ParamDependency> Params(MemoReader r)
    {
        int count = r.Count();
        var parameters = new List<ParamDependency>();
        for (int i = 0; i < count; i++)
        {
            parameters.Add(new ParamDependency(r.String(), Strings(r)));
        }
        return parameters;
    }

    internal static void Strings(MemoWriter w, IReadOnlyCollection<string> values)
    {
        w.Count(values.Count);
        foreach (string value in values)
        {
            w.String(value);
        }
    }

    internal static List<string> Strings(MemoReader r)
    {
        int count = r.Count();
        var values = new List<string>();
        for (int i = 0; i < count; i++)
        {
            values.Add(r.String());
        }
        return values;
    }
}

/// <summary>
/// A parsed lock file as a <see cref="ParseMemo"/> payload, and back. Parameter values come back as the same kinds of
/// nodes <see cref="LockFileReader"/> makes (strings, booleans and integers as created values, other numbers as parsed
/// JSON text), so they compare, print and write back exactly as the parsed ones; a value of another kind makes the
/// lock file not remembered (<see cref="TryEncode"/> returns null).
/// </summary>
internal static class LockFileCodec
{
    private const byte Null = 0, False = 1, True = 2, Text = 3, Integer = 4, Parsed = 5, Array = 6, Object = 7;

    public static byte[]? TryEncode(LockFile lockFile)
    {
        using var stream = new MemoryStream();
        var w = new MemoWriter(stream);
        w.String(lockFile.Schema);
        Strings(w, lockFile.Extra);
        w.Count(lockFile.Stages.Count);
        foreach (var (name, stage) in lockFile.Stages)
        {
            w.String(name);
            w.String(stage.Command);
            Paths(w, stage.Deps);
            w.Count(stage.Params.Count);
            foreach (var (file, values) in stage.Params)
            {
                w.String(file);
                w.Count(values.Count);
                foreach (var (key, value) in values)
                {
                    w.String(key);
                    if (!Value(w, value))
                    {
                        return null;
                    }
                }
            }
            Paths(w, stage.Outs);
            Strings(w, stage.Extra);
        }
        return stream.ToArray();
    }

    /// <summary>The lock file <see cref="TryEncode"/> wrote, or null when the payload is not one (a key twice is an <see cref="ArgumentException"/> of a dictionary, caught here too).</summary>
    public static LockFile? TryDecode(byte[] payload)
    {
        try
        {
            return Decode(payload);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static LockFile Decode(byte[] payload)
    {
        var r = new MemoReader(payload);
        string schema = r.String();
        var extra = Strings(r);
        int count = r.Count();
        var stages = new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = r.String();
            string command = r.String();
            var deps = Paths(r);
            int files = r.Count();
            var parameters = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>(StringComparer.Ordinal);
            for (int f = 0; f < files; f++)
            {
                string file = r.String();
                int keys = r.Count();
                var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                for (int k = 0; k < keys; k++)
                {
                    values.Add(r.String(), Value(r, depth: 0));
                }
                parameters.Add(file, values);
            }
            stages.Add(name, new LockedStage(command, deps, parameters, Paths(r), Strings(r)));
        }
        return r.AtEnd ? new LockFile(schema, stages, extra) : throw new FormatException("trailing bytes");
    }

    private static void Paths(MemoWriter w, IReadOnlyList<LockedPath> paths)
    {
        w.Count(paths.Count);
        foreach (var p in paths)
        {
            w.String(p.Path);
            w.String(p.HashKind);
            w.String(p.Hash);
            w.Long(p.Size);
            w.Bool(p.FileCount is not null);
            w.Int(p.FileCount ?? 0);
            Strings(w, p.Extra);
        }
    }

    private static List<LockedPath> Paths(MemoReader r)
    {
        int count = r.Count();
        var paths = new List<LockedPath>();
        for (int i = 0; i < count; i++)
        {
            string path = r.String(), kind = r.String(), hash = r.String();
            long size = r.Long();
            bool hasFiles = r.Bool();
            int files = r.Int();
            paths.Add(new LockedPath(path, kind, hash, size, hasFiles ? files : null, Strings(r)));
        }
        return paths;
    }

    private static void Strings(MemoWriter w, IReadOnlyDictionary<string, string> map)
    {
        w.Count(map.Count);
        foreach (var (key, value) in map)
        {
            w.String(key);
            w.String(value);
        }
    }

    private static Dictionary<string, string> Strings(MemoReader r)
    {
        int count = r.Count();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            map.Add(r.String(), r.String());
        }
        return map;
    }

    private static bool Value(MemoWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.Byte(Null);
                return true;
            case JsonArray array:
                w.Byte(Array);
                w.Count(array.Count);
                return array.All(item => Value(w, item));
            case JsonObject map:
                w.Byte(Object);
                w.Count(map.Count);
                foreach (var (key, item) in map)
                {
                    w.String(key);
                    if (!Value(w, item))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                w.Byte(Parsed);
                w.String(element.GetRawText());
                return true;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                w.Byte(value.GetValueKind() == JsonValueKind.True ? True : False);
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                w.Byte(Text);
                w.String(value.GetValue<string>());
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out long integer):
                w.Byte(Integer);
                w.Long(integer);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A value as <see cref="Value(MemoWriter, JsonNode?)"/> wrote it; nesting deeper than a parser would accept is refused.</summary>
    private static JsonNode? Value(MemoReader r, int depth)
    {
        if (depth > 64)
        {
            throw new FormatException("values nest too deeply");
        }
        switch (r.Byte())
        {
            case Null:
                return null;
            case False:
                return JsonValue.Create(false);
            case True:
                return JsonValue.Create(true);
            case Text:
                return JsonValue.Create(r.String());
            case Integer:
                return JsonValue.Create(r.Long());
            case Parsed:
                try
                {
                    return JsonNode.Parse(r.String());
                }
                catch (JsonException)
                {
                    throw new FormatException("not JSON");
                }
            case Array:
                int items = r.Count();
                var array = new JsonArray();
                for (int i = 0; i < items; i++)
                {
                    array.Add(Value(r, depth + 1));
                }
                return array;
            case Object:
                int count = r.Count();
                var map = new JsonObject();
                for (int i = 0; i < count; i++)
                {
                    string key = r.String();
                    if (!map.TryAdd(key, Value(r, depth + 1)))
                    {
                        throw new FormatException("a key appears twice");
                    }
                }
                return map;
            default:
                throw new FormatException("not a value");
        }
    }
}
