using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Reads one stage body (a plain stage, a foreach's <c>do</c>, or a matrix stage) into a <see cref="StageSpec"/>:
/// wdir first (with the values known before the stage's own vars, as DVC does), then the stage's vars, then every
/// other key with ${...} substituted, then the types checked.
/// </summary>
internal sealed class StageReader(PipelineReader pipeline, string text)
{
    public StageSpec Read(string name, SourceMap body, TemplateContext context, int line)
    {
        string wdir = ".";
        var used = new UsedParams();
        if (body.Find("wdir") is { } wdirEntry)
        {
            using (context.Track(used))
            {
                wdir = Text(Substitute(wdirEntry.Value, context, "wdir", name), name, "wdir");
            }
        }
        if (body.Find("vars") is { } vars)
        {
            try
            {
                context = context.Clone();
            }
            catch (TemplateException e)
            {
                throw pipeline.Fail(vars.Line, $"stage `{name}`: {e.Message}");
            }
            pipeline.LoadVars(context, vars, wdir, $"{name}.vars", name);
        }
        IReadOnlyList<string> commands = [];
        IReadOnlyList<string> deps = [];
        IReadOnlyList<ParamDependency> parameters = [];
        var outputs = new Dictionary<OutputKind, IReadOnlyList<OutputSpec>>();
        bool frozen = false, alwaysChanged = false;
        string? description = null, meta = null;
        using var tracking = context.Track(used);
        foreach (var entry in body.Entries)
        {
            if (entry.Key is "wdir" or "vars" or "matrix")
            {
                continue;
            }
            if (entry.Key == "meta")
            {
                // Kept as written, for tools that read it; DVC ignores it too.
                meta = MetaText(entry.Value);
                continue;
            }
            var value = Substitute(entry.Value, context, entry.Key, name);
            switch (entry.Key)
            {
                case "cmd":
                    commands = Commands(value, name);
                    break;
                case "deps":
                    deps = List(value, name, "deps", "paths, e.g.\n  deps:\n    - data/raw.csv").Select(n => Text(n, name, "deps")).ToList();
                    break;
                case "params":
                    parameters = Params(value, name);
                    break;
                case "outs":
                    outputs[OutputKind.Out] = Outputs(value, name, OutputKind.Out);
                    break;
                case "metrics":
                    outputs[OutputKind.Metric] = Outputs(value, name, OutputKind.Metric);
                    break;
                case "plots":
                    outputs[OutputKind.Plot] = Outputs(value, name, OutputKind.Plot);
                    break;
                case "frozen":
                    frozen = Bool(value, name, "frozen");
                    break;
                case "always_changed":
                    alwaysChanged = Bool(value, name, "always_changed");
                    break;
                case "desc":
                    description = Text(value, name, "desc");
                    break;
            }
        }
        var outs = new[] { OutputKind.Out, OutputKind.Metric, OutputKind.Plot }
            .SelectMany(k => outputs.TryGetValue(k, out var list) ? list : [])
            .ToList();
        var fromTemplates = UndeclaredParams(parameters, used, wdir);
        return new StageSpec(name, commands, wdir, deps, WithParams(parameters, fromTemplates), outs, frozen, alwaysChanged, description, meta, line)
        {
            ParamsFromTemplates = fromTemplates,
        };
    }

    /// <summary>
    /// The params-file values the stage uses through ${...} that its <c>params</c> do not list already, named
    /// relative to its wdir as params are: DVC tracks them as the stage's params, and so does git-ml (the lock file
    /// records them, `params diff` and the merge driver see them).
    /// </summary>
    /// <summary>The declared params with those from templates added, one entry per file.</summary>
    private static List<ParamDependency> WithParams(IReadOnlyList<ParamDependency> declared, List<ParamDependency> fromTemplates)
    {
        var result = declared.ToList();
        foreach (var extra in fromTemplates)
        {
            int index = result.FindIndex(p => PipelinePaths.Normalize(p.File) == extra.File);
            if (index < 0)
            {
                result.Add(extra);
            }
            else
            {
                result[index] = result[index] with { Keys = [.. result[index].Keys, .. extra.Keys] };
            }
        }
        return result;
    }

    private static List<ParamDependency> UndeclaredParams(IReadOnlyList<ParamDependency> declared, UsedParams used, string wdir)
    {
        var result = new List<ParamDependency>();
        foreach (var (file, keys) in used.ByFile)
        {
            if (PipelinePaths.Relative(file, wdir) is not { } fromWdir)
            {
                continue;
            }
            var listed = declared.Where(p => PipelinePaths.Normalize(p.File) == fromWdir).ToList();
            if (listed.Any(p => p.WholeFile))
            {
                continue;
            }
            var undeclared = keys.Where(k => !listed.Any(p => p.Keys.Any(l => k == l || k.StartsWith(l + ".", StringComparison.Ordinal)))).ToList();
            if (undeclared.Count > 0)
            {
                result.Add(new ParamDependency(fromWdir, undeclared));
            }
        }
        return result;
    }

    private SourceNode Substitute(SourceNode node, TemplateContext context, string field, string stage)
    {
        try
        {
            return Interpolation.Resolve(node, context, field);
        }
        catch (TemplateException e)
        {
            throw pipeline.Fail(e.Line ?? node.Line, $"stage `{stage}`: {e.Message}");
        }
    }

    private List<string> Commands(SourceNode value, string stage)
    {
        var commands = value is SourceList list
            ? list.Items.Select(i => Text(i, stage, "cmd")).ToList()
            : [Text(value, stage, "cmd")];
        if (commands.Count == 0 || commands.Any(c => c.Trim().Length == 0))
        {
            throw pipeline.Fail(value.Line, $"stage `{stage}`: `cmd` is empty: write the command the stage runs");
        }
        return commands;
    }

    /// <summary>
    /// The stage's params, merged by file as DVC merges them (dvc/dependency/__init__.py): plain keys belong to
    /// params.yaml; a file listed with no keys (or null, or []) is tracked whole, which wins over keys listed for it.
    /// </summary>
    private List<ParamDependency> Params(SourceNode value, string stage)
    {
        const string example = "keys of params.yaml (- train.lr) or files with keys (- config.yaml: [train.lr]) or whole files (- config.json:)";
        var items = List(value, stage, "params", example);
        var whole = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.OfType<SourceMap>())
        {
            whole.UnionWith(item.Entries.Where(e => e.Value is SourceScalar { Value: null } or SourceList { Items.Count: 0 }).Select(e => e.Key));
        }
        var byFile = new OrderedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string file, IEnumerable<string> keys)
        {
            if (!byFile.TryGetValue(file, out var list))
            {
                byFile[file] = list = [];
            }
            if (!whole.Contains(file))
            {
                list.AddRange(keys.Where(k => !list.Contains(k)));
            }
        }
        foreach (var item in items)
        {
            switch (item)
            {
                case SourceScalar scalar when scalar.Value is not null:
                    Add(ParamDependency.DefaultFile, [Text(scalar, stage, "params")]);
                    break;
                case SourceMap files:
                    foreach (var entry in files.Entries)
                    {
                        if (entry.Value is SourceScalar { Value: null })
                        {
                            Add(entry.Key, []);
                        }
                        else if (entry.Value is SourceList keys)
                        {
                            Add(entry.Key, keys.Items.Select(k => Text(k, stage, $"params of {entry.Key}")));
                        }
                        else
                        {
                            throw pipeline.Fail(entry.Line, $"stage `{stage}`: params of `{entry.Key}` must be a list of keys (- {entry.Key}: [train.lr]), or nothing to track the whole file, not {entry.Value.Describe()}");
                        }
                    }
                    break;
                default:
                    throw pipeline.Fail(item.Line, $"stage `{stage}`: `params` lists {example}; not {item.Describe()}");
            }
        }
        return byFile.Select(p => new ParamDependency(p.Key, p.Value)).ToList();
    }

    private List<OutputSpec> Outputs(SourceNode value, string stage, OutputKind kind)
    {
        string field = kind switch { OutputKind.Metric => "metrics", OutputKind.Plot => "plots", _ => "outs" };
        var result = new List<OutputSpec>();
        foreach (var item in List(value, stage, field, $"paths, each optionally with options, e.g.\n  {field}:\n    - path/to/file\n    - other/file:\n        cache: false"))
        {
            if (item is SourceMap { Entries.Count: 1 } withOptions)
            {
                var entry = withOptions.Entries[0];
                result.Add(Output(entry, stage, kind, field));
            }
            else if (item is SourceMap)
            {
                throw pipeline.Fail(item.Line, $"stage `{stage}`: each `{field}` entry names one path; indent the options under it (- path:\\n    cache: false)");
            }
            else
            {
                result.Add(new OutputSpec(Text(item, stage, field), kind, Cache: true, Persist: false, Description: null));
            }
        }
        return result;
    }

    private OutputSpec Output(SourceEntry entry, string stage, OutputKind kind, string field)
    {
        string[] allowed = kind == OutputKind.Plot ? PipelineSchema.PlotOptions : PipelineSchema.OutputOptions;
        var options = entry.Value switch
        {
            SourceScalar { Value: null } => [],
            SourceMap map => map.Entries,
            SourceList list when kind == OutputKind.Plot && list.Items.All(i => i is SourceMap) => list.Items.Cast<SourceMap>().SelectMany(m => m.Entries).ToList(),
            _ => throw pipeline.Fail(entry.Line, $"stage `{stage}`: the options of `{entry.Key}` must be a mapping (cache: false, persist: true, ...), not {entry.Value.Describe()}"),
        };
        bool cache = true, persist = false;
        string? description = null;
        foreach (var option in options)
        {
            if (!allowed.Contains(option.Key))
            {
                throw pipeline.Fail(option.Line, $"stage `{stage}`: unknown option `{option.Key}` for `{entry.Key}` in `{field}`{PipelineSchema.DidYouMean(option.Key, allowed)} (the options are {string.Join(", ", allowed)})");
            }
            string what = $"{field}: {entry.Key}: {option.Key}";
            switch (option.Key)
            {
                case "cache":
                    cache = Bool(option.Value, stage, what);
                    break;
                case "persist":
                    persist = Bool(option.Value, stage, what);
                    break;
                case "desc":
                    description = Text(option.Value, stage, what);
                    break;
                case "labels":
                    foreach (var label in List(option.Value, stage, what, "labels"))
                    {
                        Text(label, stage, what);
                    }
                    break;
                case "meta":
                    break;
                default:
                    if (PipelineSchema.BooleanOptions.Contains(option.Key))
                    {
                        Bool(option.Value, stage, what);
                    }
                    else
                    {
                        Text(option.Value, stage, what);
                    }
                    break;
            }
        }
        return new OutputSpec(entry.Key, kind, cache, persist, description);
    }

    private IReadOnlyList<SourceNode> List(SourceNode value, string stage, string field, string expected) => value switch
    {
        SourceList list => list.Items,
        SourceScalar { Value: null } => [],
        SourceScalar { Text: { } single } => throw pipeline.Fail(value.Line, $"stage `{stage}`: `{field}` must be a list; write `- {single}` on its own line under `{field}:`"),
        _ => throw pipeline.Fail(value.Line, $"stage `{stage}`: `{field}` must be a list of {expected}; not {value.Describe()}"),
    };

    /// <summary>A text value. A number or boolean written where text is expected is taken as written (a path named 2024).</summary>
    private string Text(SourceNode node, string stage, string field) => node switch
    {
        SourceScalar { Text: { } text } => text,
        SourceScalar { Value: JsonValue value } scalar => scalar.Raw ?? TemplateText.Scalar(value),
        _ => throw pipeline.Fail(node.Line, $"stage `{stage}`: `{field}` must be text, not {node.Describe()}"),
    };

    private bool Bool(SourceNode node, string stage, string field) =>
        node is SourceScalar { Value: JsonValue value } && value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? value.GetValue<bool>()
            : throw pipeline.Fail(node.Line, $"stage `{stage}`: `{field}` must be true or false, not {node.Describe()}");

    /// <summary>
    /// The meta block as written: the YAML text of the value, its indentation removed, comments after it dropped.
    /// A value with no source text (substituted) is written as JSON, which is YAML too.
    /// </summary>
    private string MetaText(SourceNode node)
    {
        if (node.Span is not var (start, end))
        {
            return node.ToJson()?.ToJsonString() ?? "null";
        }
        return node switch
        {
            SourceScalar => text[start..end],
            _ when text[start] is '{' or '[' => text[start..FlowEnd(start)],
            _ => BlockText(start, node is SourceList),
        };
    }

    /// <summary>The end of a flow collection ({...} or [...]) starting at <paramref name="start"/>.</summary>
    private int FlowEnd(int start)
    {
        int depth = 0;
        for (int i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']' when --depth == 0:
                    return i + 1;
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        i += text[i] == '\\' ? 1 : 0;
                    }
                    break;
                case '\'':
                    for (i++; i < text.Length && text[i] != '\''; i++)
                    {
                    }
                    break;
            }
        }
        return text.Length;
    }

    /// <summary>
    /// A block collection's lines: from its first line, every line indented at least as far as it starts (a list may
    /// also start at its key's indentation, with "-"), blank and comment lines in between; then dedented.
    /// </summary>
    private string BlockText(int start, bool isList)
    {
        int lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
        int column = start - lineStart;
        var lines = new List<string> { text[lineStart..LineEnd(start)] };
        for (int i = LineEnd(start) + 1; i < text.Length; i = LineEnd(i) + 1)
        {
            string line = text[i..LineEnd(i)].TrimEnd('\r');
            string content = line.TrimStart();
            int indent = line.Length - content.Length;
            bool belongs = content.Length == 0 || content.StartsWith('#') || indent > column
                || (indent == column && (!isList || content.StartsWith('-')));
            if (!belongs)
            {
                break;
            }
            lines.Add(line);
        }
        while (lines.Count > 1 && (lines[^1].Trim().Length == 0 || lines[^1].TrimStart().StartsWith('#')))
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return string.Join('\n', lines.Select(l => l.TrimEnd().Length > column ? l.TrimEnd()[column..] : l.TrimStart()));
    }

    private int LineEnd(int from)
    {
        int newline = text.IndexOf('\n', from);
        return newline < 0 ? text.Length : newline;
    }
}
