using System.Globalization;
using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// The values ${...} can name, as DVC builds them (dvc/parsing/context.py): params.yaml when it exists, then every
/// `vars` entry in order (a params file, "file:key1,key2" for some of its top-level keys, or an inline mapping), then
/// for a stage its own `vars` and, in foreach and matrix stages, <c>item</c> and <c>key</c>. Mappings from different
/// sources merge; the same value defined twice is an error that names both sources.
/// </summary>
internal sealed class TemplateContext
{
    private readonly JsonObject _data;
    // Where each merged value came from, by dotted path: "params.yaml", "vars[1]", "train.vars[0]".
    private readonly Dictionary<string, string> _sources;
    // Params files loaded so far: null when whole, else the keys taken from them.
    private readonly Dictionary<string, List<string>?> _imports;
    private readonly HashSet<string> _reserved;

    public TemplateContext()
        : this(new JsonObject(), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal))
    {
    }

    private TemplateContext(JsonObject data, Dictionary<string, string> sources, Dictionary<string, List<string>?> imports, HashSet<string> reserved)
    {
        _data = data;
        _sources = sources;
        _imports = imports;
        _reserved = reserved;
    }

    public TemplateContext Clone() => new(
        (JsonObject)_data.DeepClone(),
        new(_sources, StringComparer.Ordinal),
        _imports.ToDictionary(p => p.Key, p => p.Value is null ? null : new List<string>(p.Value), StringComparer.Ordinal),
        new(_reserved, StringComparer.Ordinal));

    /// <summary>
    /// Loads a `vars` entry naming a params file: "config.yaml" (all of it) or "config.yaml:train,prepare" (those
    /// top-level keys). A file loaded whole again is skipped, as DVC does.
    /// </summary>
    /// <param name="item">The entry as written.</param>
    /// <param name="folder">Where the file is relative to: the pipeline folder, or for a stage's vars its wdir (relative to the pipeline folder).</param>
    /// <param name="pipelineFolder">The pipeline file's folder relative to the working tree, to name files in errors.</param>
    /// <param name="readFile">Reads a file relative to the pipeline folder; null when missing.</param>
    public void MergeFile(string item, string folder, string pipelineFolder, Func<string, string?> readFile)
    {
        int colon = item.IndexOf(':', StringComparison.Ordinal);
        string path = PipelinePaths.Join(folder, colon < 0 ? item : item[..colon]);
        List<string>? keys = colon < 0 ? null : item[(colon + 1)..].Split(',').Select(k => k.Trim()).Where(k => k.Length > 0).ToList();
        if (keys is { Count: 0 })
        {
            keys = null;
        }
        if (_imports.TryGetValue(path, out var imported))
        {
            if (keys is null && imported is null)
            {
                return;
            }
            CheckNotLoaded(item, keys, imported);
        }
        string shownPath = PipelinePaths.Join(pipelineFolder, path);
        string text = readFile(path) ?? throw new TemplateException($"`{shownPath}` (in vars) does not exist");
        if (!ParamsFile.IsSupported(path))
        {
            throw new TemplateException($"`{item}` in vars is not a params file: vars lists params files (.yaml, .yml, .json, .toml), \"file:key1,key2\", or inline mappings");
        }
        var data = ParamsFile.Parse(text, shownPath);
        if (keys is not null)
        {
            var selected = new JsonObject();
            foreach (string key in keys)
            {
                if (!data.TryGetPropertyValue(key, out var value))
                {
                    throw new TemplateException($"`{key}` (in vars `{item}`) is not a top-level key of `{shownPath}`{Suggestions.DidYouMean(key, data.Select(p => p.Key))}");
                }
                selected[key] = value?.DeepClone();
            }
            data = selected;
        }
        Merge(data, path);
        if (imported is null || keys is null)
        {
            _imports[path] = keys;
        }
        else
        {
            imported.AddRange(keys);
        }
    }

    private static void CheckNotLoaded(string item, List<string>? keys, List<string>? imported)
    {
        if (keys is null && imported is not null)
        {
            throw new TemplateException($"cannot load `{item}` whole: some of its keys are loaded already; list it once");
        }
        if (keys is not null && imported is null)
        {
            throw new TemplateException($"cannot load part of `{item}`: the whole file is loaded already (params.yaml is loaded first when it exists)");
        }
        if (keys is not null && imported is not null && keys.Intersect(imported, StringComparer.Ordinal).FirstOrDefault() is { } twice)
        {
            throw new TemplateException($"cannot load `{item}`: `{twice}` is loaded from it already");
        }
    }

    /// <summary>Merges values into the context; a value that is already defined (not a mapping on both sides) is an error.</summary>
    public void Merge(JsonObject data, string source)
    {
        if (data.Select(p => p.Key).FirstOrDefault(_reserved.Contains) is { } reserved)
        {
            throw new TemplateException($"`{reserved}` is reserved for the value foreach or matrix gives each stage; rename it in {source}");
        }
        MergeInto(_data, data, "", source);
    }

    private void MergeInto(JsonObject into, JsonObject update, string prefix, string source)
    {
        foreach (var (key, value) in update.ToList())
        {
            string path = prefix + key;
            if (into[key] is JsonObject existing && value is JsonObject nested)
            {
                MergeInto(existing, nested, path + ".", source);
                continue;
            }
            if (into.ContainsKey(key))
            {
                throw new TemplateException($"`{path}` from {source} is already defined by {SourceOf(path)}: a value can be defined once (rename one of them)");
            }
            into[key] = value?.DeepClone();
            _sources[path] = source;
        }
    }

    private string SourceOf(string path)
    {
        for (string p = path; ; p = p[..p.LastIndexOf('.')])
        {
            if (_sources.TryGetValue(p, out string? source))
            {
                return source;
            }
            if (!p.Contains('.', StringComparison.Ordinal))
            {
                return "an earlier value";
            }
        }
    }

    /// <summary>Sets <c>item</c> or <c>key</c> for one generated stage; its own vars may not redefine them.</summary>
    public void SetReserved(string name, JsonNode? value)
    {
        _data[name] = value?.DeepClone();
        _sources[name] = name == "item" ? "the foreach/matrix item" : "the foreach/matrix key";
        _reserved.Add(name);
    }

    /// <summary>
    /// The value an expression names: "train.lr", "layers[0]", "layers.0" (a negative index counts from the end, as
    /// in Python).
    /// </summary>
    public JsonNode? Select(string expression)
    {
        var parts = Parse(expression);
        JsonNode? node = _data;
        for (int i = 0; i < parts.Count; i++)
        {
            string part = parts[i];
            string where = string.Join('.', parts.Take(i));
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(part, out var child):
                    node = child;
                    break;
                case JsonObject obj:
                    throw new TemplateException(i == 0
                        ? $"`${{{expression}}}`: no value named `{part}` in vars or params.yaml{Suggestions.DidYouMean(part, obj.Select(p => p.Key))}"
                        : $"`${{{expression}}}`: `{where}` has no `{part}`{Suggestions.DidYouMean(part, obj.Select(p => p.Key))}");
                case JsonArray array when int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index) && index < array.Count && index >= -array.Count:
                    node = array[index < 0 ? array.Count + index : index];
                    break;
                case JsonArray array:
                    throw new TemplateException($"`${{{expression}}}`: `{where}` is a list of {array.Count}; `{part}` is not an index in it");
                default:
                    throw new TemplateException($"`${{{expression}}}`: `{where}` is {ParamValues.Describe(node)}, it has no `{part}`");
            }
        }
        return node;
    }

    /// <summary>Splits an expression into names, as DVC's grammar has it: word ("." word | "[" word "]")*.</summary>
    private static List<string> Parse(string expression)
    {
        expression = expression.Trim();
        int i = 0;
        var parts = new List<string> { Word(expression, ref i) };
        while (i < expression.Length)
        {
            char c = expression[i++];
            if (c == '.')
            {
                parts.Add(Word(expression, ref i));
            }
            else if (c == '[')
            {
                parts.Add(Word(expression, ref i));
                if (i >= expression.Length || expression[i++] != ']')
                {
                    throw Invalid(expression);
                }
            }
            else
            {
                throw Invalid(expression);
            }
        }
        return parts;
    }

    private static string Word(string expression, ref int i)
    {
        int start = i;
        while (i < expression.Length && expression[i] is not ('.' or '[' or ']'))
        {
            i++;
        }
        string word = expression[start..i].Trim();
        return word.Length > 0 ? word : throw Invalid(expression);
    }

    private static TemplateException Invalid(string expression) =>
        new($"`${{{expression}}}` is not a valid expression: name a value with dots and indexes, e.g. ${{train.lr}} or ${{layers[0]}}");
}
