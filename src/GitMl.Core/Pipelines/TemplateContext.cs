using System.Globalization;
using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// The values ${...} can name, as DVC builds them (dvc/parsing/context.py): params.yaml when it exists, then every
/// `vars` entry in order (a params file, "file:key1,key2" for some of its top-level keys, or an inline mapping), then
/// for a stage its own `vars` and, in foreach and matrix stages, <c>item</c> and <c>key</c>. Mappings from different
/// sources merge; the same value defined twice is an error that names both sources.
/// A stage's scope is a <see cref="Clone"/>: a layer over the pipeline's context holding only what the stage adds
/// (item, key, its vars), so a thousand generated stages do not copy params.yaml a thousand times. What is copied
/// counts against the pipeline's <see cref="TemplateBudget"/>.
/// </summary>
internal sealed class TemplateContext
{
    // The context this one is a layer over; it is not changed once cloned (stages only read the pipeline's context).
    private readonly TemplateContext? _parent;
    // Top-level values defined in this layer (a mapping inherited and then extended is copied here first).
    private readonly JsonObject _data;
    // Where each value merged in this layer came from, by dotted path: "params.yaml", "vars[1]", "train.vars[0]".
    private readonly Dictionary<string, ValueSource> _sources;
    // Params files loaded so far: null when whole, else the keys taken from them.
    private readonly Dictionary<string, List<string>?> _imports;
    private readonly HashSet<string> _reserved;
    // While a stage body is read (see Track): the params-file values its ${...} use.
    private UsedParams? _tracking;

    /// <summary>Where a value came from: <paramref name="Name"/> for messages; the params file when it came from one
    /// (relative to the pipeline file's folder), null for inline vars, item and key.</summary>
    private sealed record ValueSource(string Name, string? ParamsFile);

    public TemplateContext()
        : this(null, new(StringComparer.Ordinal), new(StringComparer.Ordinal), new TemplateBudget())
    {
    }

    private TemplateContext(TemplateContext? parent, Dictionary<string, List<string>?> imports, HashSet<string> reserved, TemplateBudget budget)
    {
        _parent = parent;
        _data = new JsonObject();
        _sources = new(StringComparer.Ordinal);
        _imports = imports;
        _reserved = reserved;
        Budget = budget;
    }

    /// <summary>What expanding this pipeline may still build; shared by every stage scope.</summary>
    public TemplateBudget Budget { get; }

    /// <summary>A scope for one stage: sees everything here, and what is added to it stays in it.</summary>
    public TemplateContext Clone()
    {
        Budget.AddNodes(1 + _imports.Count + _reserved.Count);
        return new(this,
            _imports.ToDictionary(p => p.Key, p => p.Value is null ? null : new List<string>(p.Value), StringComparer.Ordinal),
            new(_reserved, StringComparer.Ordinal),
            Budget);
    }

    /// <summary>A top-level value, from this layer or the nearest one below that has it.</summary>
    private bool TryGetTop(string key, out JsonNode? value)
    {
        for (var context = this; context is not null; context = context._parent)
        {
            if (context._data.TryGetPropertyValue(key, out value))
            {
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Every top-level name (for "did you mean").</summary>
    private List<string> TopKeys()
    {
        var layers = new List<TemplateContext>();
        for (var context = this; context is not null; context = context._parent)
        {
            layers.Add(context);
        }
        // In the order they were defined: the pipeline's values first.
        return layers.AsEnumerable().Reverse().SelectMany(l => l._data.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
    }

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
        Merge(data, path, paramsFile: path);
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
    /// <param name="source">Where the values come from, for messages.</param>
    /// <param name="paramsFile">The params file they were read from (relative to the pipeline file's folder), or null for inline values.</param>
    public void Merge(JsonObject data, string source, string? paramsFile = null)
    {
        if (data.Select(p => p.Key).FirstOrDefault(_reserved.Contains) is { } reserved)
        {
            throw new TemplateException($"`{reserved}` is reserved for the value foreach or matrix gives each stage; rename it in {source}");
        }
        foreach (var (key, value) in data.ToList())
        {
            if (TryGetTop(key, out var existing) && existing is JsonObject inherited && value is JsonObject nested)
            {
                if (!_data.ContainsKey(key))
                {
                    // Extending a mapping of the layer below: this layer gets its own copy to extend.
                    _data[key] = Budget.Copy(inherited);
                }
                MergeInto((JsonObject)_data[key]!, nested, key + ".", new ValueSource(source, paramsFile));
                continue;
            }
            if (TryGetTop(key, out _))
            {
                throw new TemplateException($"`{key}` from {source} is already defined by {SourceOf(key)}: a value can be defined once (rename one of them)");
            }
            _data[key] = Budget.Copy(value);
            _sources[key] = new ValueSource(source, paramsFile);
        }
    }

    /// <summary>Merges below the top level, into a mapping of this layer.</summary>
    private void MergeInto(JsonObject into, JsonObject update, string prefix, ValueSource source)
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
                throw new TemplateException($"`{path}` from {source.Name} is already defined by {SourceOf(path)}: a value can be defined once (rename one of them)");
            }
            into[key] = Budget.Copy(value);
            _sources[path] = source;
        }
    }

    private string SourceOf(string path) => FindSource(path)?.Name ?? "an earlier value";

    /// <summary>Where the value at a dotted path came from: recorded for it, or for the nearest mapping above it.</summary>
    private ValueSource? FindSource(string path)
    {
        for (string p = path; ; p = p[..p.LastIndexOf('.')])
        {
            for (var context = this; context is not null; context = context._parent)
            {
                if (context._sources.TryGetValue(p, out var source))
                {
                    return source;
                }
            }
            if (!p.Contains('.', StringComparison.Ordinal))
            {
                return null;
            }
        }
    }

    /// <summary>Sets <c>item</c> or <c>key</c> for one generated stage; its own vars may not redefine them.</summary>
    public void SetReserved(string name, JsonNode? value)
    {
        _data[name] = Budget.Copy(value);
        _sources[name] = new ValueSource(name == "item" ? "the foreach/matrix item" : "the foreach/matrix key", ParamsFile: null);
        _reserved.Add(name);
    }

    /// <summary>
    /// The value an expression names: "train.lr", "layers[0]", "layers.0" (a negative index counts from the end, as
    /// in Python).
    /// </summary>
    public JsonNode? Select(string expression)
    {
        var parts = Parse(expression);
        if (!TryGetTop(parts[0], out var node))
        {
            throw new TemplateException($"`${{{expression}}}`: no value named `{parts[0]}` in vars or params.yaml{Suggestions.DidYouMean(parts[0], TopKeys())}");
        }
        // The params key the value is tracked by: the names down to the first list (a list is one value).
        int keyParts = 1;
        bool inList = false;
        for (int i = 1; i < parts.Count; i++)
        {
            string part = parts[i];
            string where = string.Join('.', parts.Take(i));
            inList |= node is JsonArray;
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(part, out var child):
                    node = child;
                    keyParts += inList ? 0 : 1;
                    break;
                case JsonObject obj:
                    throw new TemplateException($"`${{{expression}}}`: `{where}` has no `{part}`{Suggestions.DidYouMean(part, obj.Select(p => p.Key))}");
                case JsonArray array when int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index) && index < array.Count && index >= -array.Count:
                    node = array[index < 0 ? array.Count + index : index];
                    break;
                case JsonArray array:
                    throw new TemplateException($"`${{{expression}}}`: `{where}` is a list of {array.Count}; `{part}` is not an index in it");
                default:
                    throw new TemplateException($"`${{{expression}}}`: `{where}` is {ParamValues.Describe(node)}, it has no `{part}`");
            }
        }
        if (_tracking is not null)
        {
            string key = string.Join('.', parts.Take(keyParts));
            if (inList || node is not JsonObject mapping)
            {
                TrackUse(key);
            }
            else
            {
                // A mapping unpacked into cmd uses every value in it.
                foreach (string leaf in LeafKeys(mapping, key))
                {
                    TrackUse(leaf);
                }
            }
        }
        return node;
    }

    /// <summary>
    /// Records, until the result is disposed, the params-file values that <see cref="Select"/> hands out (as DVC's
    /// Context.track does): the values a stage uses through ${...} are parameters of that stage. Inline vars, item
    /// and key are not tracked.
    /// </summary>
    public IDisposable Track(UsedParams used)
    {
        var previous = _tracking;
        _tracking = used;
        return new Restore(() => _tracking = previous);
    }

    private void TrackUse(string key)
    {
        if (FindSource(key)?.ParamsFile is { } file)
        {
            _tracking!.Add(file, key);
        }
    }

    private static IEnumerable<string> LeafKeys(JsonObject mapping, string prefix)
    {
        foreach (var (name, value) in mapping)
        {
            string key = prefix + "." + name;
            if (value is JsonObject nested)
            {
                foreach (string leaf in LeafKeys(nested, key))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
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
