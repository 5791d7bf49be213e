using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;
using GitMl.Core.Yaml;
using GitMl.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitMl.Core.Locks;

/// <summary>
/// Reads ml.lock, and dvc.lock as DVC writes it (schema 2.0, and DVC 1.x's, which has no schema and the stages at the top). Tolerant where DVC's own files vary (a stage whose
/// cmd is a list, entries without a "hash" key, md5 instead of sha256); keys it does not know are kept, to be
/// written back. A file that is not a lock file is a <see cref="PipelineFormatException"/> naming the line.
/// </summary>
public static partial class LockFileReader
{
    public static LockFile Read(string text, string fileName)
    {
        var root = Load(text, fileName);
        if (root is null)
        {
            return LockFile.Empty;
        }
        if (root is not YamlMappingNode map)
        {
            throw Error(fileName, root, "a lock file is a mapping with 'schema' and 'stages'");
        }
        string schema = LockFile.CurrentSchema;
        var stages = new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsVersion1(map))
        {
            // DVC 1.x: the stages are the top-level keys (DVC reads a lock file without `schema` so). Read as the
            // current schema, which is how it is written back.
            foreach (var (name, stage) in map.Children)
            {
                stages[Scalar(name, fileName)] = ReadStage(stage, fileName);
            }
            return new LockFile(schema, stages, extra);
        }
        foreach (var (keyNode, value) in map.Children)
        {
            string key = Scalar(keyNode, fileName);
            switch (key)
            {
                case "schema":
                    schema = Scalar(value, fileName);
                    break;
                case "stages":
                    if (value is YamlMappingNode stageMap)
                    {
                        foreach (var (name, stage) in stageMap.Children)
                        {
                            stages[Scalar(name, fileName)] = ReadStage(stage, fileName);
                        }
                    }
                    else if (!IsNull(value))
                    {
                        throw Error(fileName, value, "'stages' is a mapping of stage names to entries");
                    }
                    break;
                default:
                    extra[key] = YamlScalars.Value(ToJson(value));
                    break;
            }
        }
        return new LockFile(schema, stages, extra);
    }

    /// <summary>No `schema` and no `stages` at the top, and every top-level value a stage entry (a mapping with cmd).</summary>
    private static bool IsVersion1(YamlMappingNode map) =>
        map.Children.Count > 0
        && !map.Children.Keys.Any(k => k is YamlScalarNode { Value: "schema" or "stages" })
        && map.Children.Values.All(v => v is YamlMappingNode stage && stage.Children.ContainsKey(new YamlScalarNode("cmd")));

    private static LockedStage ReadStage(YamlNode node, string file)
    {
        if (node is not YamlMappingNode map)
        {
            throw Error(file, node, "a stage entry is a mapping with cmd, deps, params and outs");
        }
        string command = "";
        var deps = new List<LockedPath>();
        var outs = new List<LockedPath>();
        var parameters = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>(StringComparer.Ordinal);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            switch (Scalar(keyNode, file))
            {
                case "cmd":
                    command = value is YamlSequenceNode list ? string.Join('\n', list.Children.Select(c => Scalar(c, file))) : Scalar(value, file);
                    break;
                case "deps":
                    deps.AddRange(ReadPaths(value, file));
                    break;
                case "outs":
                    outs.AddRange(ReadPaths(value, file));
                    break;
                case "params":
                    foreach (var (paramsFile, values) in Mapping(value, file).Children)
                    {
                        var byKey = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                        if (!IsNull(values))
                        {
                            foreach (var (k, v) in Mapping(values, file).Children)
                            {
                                byKey[Scalar(k, file)] = ToJson(v);
                            }
                        }
                        parameters[Scalar(paramsFile, file)] = byKey;
                    }
                    break;
                default:
                    extra[Scalar(keyNode, file)] = YamlScalars.Value(ToJson(value));
                    break;
            }
        }
        return new LockedStage(command, deps, parameters, outs, extra);
    }

    /// <summary>A list of path entries (dvc.lock's deps and outs, and a .dvc file's outs, which have the same shape).</summary>
    internal static IEnumerable<LockedPath> ReadPaths(YamlNode node, string file)
    {
        if (IsNull(node))
        {
            yield break;
        }
        if (node is not YamlSequenceNode list)
        {
            throw Error(file, node, "deps and outs are lists of entries with path and hash");
        }
        foreach (var item in list.Children)
        {
            var map = Mapping(item, file);
            string? path = null, kind = null, hash = null;
            bool kindNamed = false;
            long size = 0;
            int? files = null;
            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                string key = Scalar(keyNode, file);
                switch (key)
                {
                    case "path": path = Scalar(value, file); break;
                    case "hash": kind = Scalar(value, file); kindNamed = true; break;
                    case "sha256" or "md5": hash = Scalar(value, file); kind ??= key; break;
                    // An external dependency (DVC records `etag:` alone; ml.lock `hash: etag` or `hash: modified` with it).
                    case "etag" or "modified": hash = BlobInfo.Unquote(Scalar(value, file)) ?? ""; kind ??= key; break;
                    case "size": size = Count<long>(value, file, key); break;
                    case "nfiles": files = Count<int>(value, file, key); break;
                    default: extra[key] = YamlScalars.Value(ToJson(value)); break;
                }
            }
            if (path is null)
            {
                throw Error(file, item, "an entry has no path");
            }
            // DVC before 3.0 wrote md5 alone, for text files the md5 with CRLF read as LF; DVC 3 says `hash: md5`.
            if (kind == "md5" && !kindNamed)
            {
                kind = LockedPath.Md5Dos2Unix;
            }
            yield return new LockedPath(path, kind ?? "", hash ?? "", size, files, extra);
        }
    }

    /// <summary>The document's root node; null for an empty file.</summary>
    /// <exception cref="PipelineFormatException">Not valid YAML, or beyond <see cref="InputLimits"/>.</exception>
    internal static YamlNode? Load(string text, string file) => BoundedYaml.Load(text, file);

    /// <summary>A YAML value as JSON, typed by the YAML 1.2 core schema (what a params file's values mean).</summary>
    internal static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => ScalarToJson(scalar),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        _ => null,
    };

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && double.IsFinite(real))
        {
            // Kept as written when that is a JSON number (1e-05 stays 1e-05); spellings JSON lacks (+.5, 1., 00.5) as the value.
            string json = text.StartsWith('+') ? text[1..] : text;
            json = json.StartsWith('.') ? "0" + json : json.Replace("-.", "-0.", StringComparison.Ordinal);
            return JsonNumberText().IsMatch(json) ? JsonNode.Parse(json) : ParamValues.Float(real);
        }
        return JsonValue.Create(text);
    }

    /// <summary>A size or a file count: a whole number, not negative.</summary>
    private static T Count<T>(YamlNode node, string file, string key) where T : struct, IBinaryInteger<T>
    {
        return T.TryParse(Scalar(node, file), NumberStyles.None, CultureInfo.InvariantCulture, out T count)
            ? count
            : throw Error(file, node, $"'{key}' must be a whole number of {(key == "size" ? "bytes" : "files")}");
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" } s && s.Style == ScalarStyle.Plain;

    private static YamlMappingNode Mapping(YamlNode node, string file) =>
        node as YamlMappingNode ?? throw Error(file, node, "expected a mapping here");

    private static string Scalar(YamlNode node, string file) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(file, node, "expected a single value here");

    private static PipelineFormatException Error(string file, YamlNode node, string problem) =>
        new(file, (int)node.Start.Line, problem);

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex JsonNumberText();
}
