using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// One pass over one pipeline file (see <see cref="PipelineParser"/>): the top level, vars, and each stage entry,
/// expanded through foreach and matrix. Stage bodies are read by <see cref="StageReader"/>.
/// </summary>
internal sealed class PipelineReader
{
    private static readonly System.Buffers.SearchValues<char> ForbiddenInNames = System.Buffers.SearchValues.Create("@:/\\${}");

    private readonly string _file;
    private readonly string _folder;
    private readonly string _text;
    private readonly Func<string, string?> _readFile;

    public PipelineReader(string text, string file, Func<string, string?> readFile)
    {
        _text = text;
        _file = file;
        _folder = PipelinePaths.Directory(file);
        var cache = new Dictionary<string, string?>(StringComparer.Ordinal);
        _readFile = path => cache.TryGetValue(path, out string? content) ? content : cache[path] = readFile(path);
    }

    public PipelineSpec Read()
    {
        var (spec, map) = ReadStages();
        return spec with { Metrics = TopLevelPaths(map, "metrics"), Params = TopLevelPaths(map, "params") };
    }

    /// <summary>The entries of a top-level list of paths (checked by <see cref="CheckTopLevelSections"/>).</summary>
    private static List<string> TopLevelPaths(SourceMap map, string key) =>
        map.Find(key)?.Value is SourceList list ? list.Items.Select(i => ((SourceScalar)i).Text!).ToList() : [];

    private (PipelineSpec Spec, SourceMap Map) ReadStages()
    {
        var root = YamlSource.Load(_text, _file);
        if (root is null)
        {
            throw Fail(1, "the file is empty: declare the pipeline's stages under `stages:`");
        }
        if (root is not SourceMap map)
        {
            throw Fail(root.Line, $"the top level must be a mapping with `stages:` (and optionally vars, params, metrics, plots, artifacts), not {root.Describe()}");
        }
        foreach (var entry in map.Entries.Where(e => !PipelineSchema.TopLevelKeys.Contains(e.Key)))
        {
            string hint = entry.Value is SourceMap { } body && body.Find("cmd") is not null
                ? $"; it looks like a stage: stages go under `stages:`"
                : PipelineSchema.DidYouMean(entry.Key, PipelineSchema.TopLevelKeys);
            throw Fail(entry.Line, $"unknown top-level key `{entry.Key}`{hint} (the keys are {string.Join(", ", PipelineSchema.TopLevelKeys)})");
        }
        var context = TopLevelVars(map.Find("vars"));
        CheckTopLevelSections(map);
        var stages = map.Find("stages");
        if (stages is null)
        {
            return map.Entries.Any(e => e.Key is "params" or "metrics" or "plots" or "artifacts" or "datasets")
                ? (new PipelineSpec(_file, []), map)
                : throw Fail(map.Line, "no `stages:`: declare the pipeline's stages under `stages:`");
        }
        if (stages.Value is SourceScalar { Value: null })
        {
            return (new PipelineSpec(_file, []), map);
        }
        if (stages.Value is not SourceMap definitions)
        {
            throw Fail(stages.Line, $"`stages` must be a mapping of stage names to stages, not {stages.Value.Describe()}");
        }
        var result = new List<StageSpec>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in definitions.Entries)
        {
            foreach (var stage in Definition(entry, context))
            {
                if (!lines.TryAdd(stage.Name, stage.Line))
                {
                    throw Fail(stage.Line, $"stage `{stage.Name}` is defined twice (also on line {lines[stage.Name]}); stage names must be unique");
                }
                result.Add(stage);
            }
        }
        return (new PipelineSpec(_file, result), map);
    }

    private TemplateContext TopLevelVars(SourceEntry? vars)
    {
        var context = new TemplateContext();
        try
        {
            if (_readFile(ParamDependency.DefaultFile) is not null)
            {
                context.MergeFile(ParamDependency.DefaultFile, ".", _folder, _readFile);
            }
        }
        catch (TemplateException e)
        {
            throw Fail(vars?.Line ?? 1, e.Message);
        }
        if (vars is not null)
        {
            LoadVars(context, vars, ".", "vars", null);
        }
        return context;
    }

    /// <summary>Loads a vars list (top-level, or a stage's) into <paramref name="context"/>.</summary>
    internal void LoadVars(TemplateContext context, SourceEntry vars, string folder, string sourcePrefix, string? stage)
    {
        string where = stage is null ? "" : $"stage `{stage}`: ";
        if (vars.Value is SourceScalar { Value: null })
        {
            return;
        }
        if (vars.Value is not SourceList list)
        {
            throw Fail(vars.Line, $"{where}`vars` must be a list of params files (- params.json, - config.yaml:train) and mappings (- name: value), not {vars.Value.Describe()}");
        }
        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            if (Interpolation.HasExpressions(item))
            {
                throw Fail(item.Line, $"{where}`vars` cannot use ${{...}}: vars are where values come from");
            }
            try
            {
                switch (item)
                {
                    case SourceScalar { Text: { Length: > 0 } file }:
                        context.MergeFile(file, folder, _folder, _readFile);
                        break;
                    case SourceMap inline:
                        context.Merge((JsonObject)inline.ToJson()!, $"{sourcePrefix}[{i}]");
                        break;
                    default:
                        throw Fail(item.Line, $"{where}a `vars` entry is a params file name or a mapping of values, not {item.Describe()}");
                }
            }
            catch (TemplateException e)
            {
                throw Fail(item.Line, where + e.Message);
            }
        }
    }

    private void CheckTopLevelSections(SourceMap map)
    {
        foreach (string key in (string[])["params", "metrics"])
        {
            if (map.Find(key) is { } entry && !IsListOf(entry.Value, n => n is SourceScalar { Text: not null }))
            {
                throw Fail(entry.Line, $"top-level `{key}` must be a list of file paths");
            }
        }
        if (map.Find("plots") is { } plots && !IsListOf(plots.Value, n => n is SourceScalar { Text: not null } || (n is SourceMap m && m.Entries.All(e => e.Value is SourceMap or SourceScalar { Value: null }))))
        {
            throw Fail(plots.Line, "top-level `plots` must be a list of paths or of `id: {x: ..., y: ...}` plot definitions");
        }
        if (map.Find("datasets") is { } datasets && !IsListOf(datasets.Value, n => n is SourceMap))
        {
            throw Fail(datasets.Line, "top-level `datasets` must be a list of mappings (name, url, type)");
        }
        if (map.Find("artifacts") is { } artifacts)
        {
            CheckArtifacts(artifacts);
        }
    }

    private void CheckArtifacts(SourceEntry artifacts)
    {
        if (artifacts.Value is SourceScalar { Value: null })
        {
            return;
        }
        if (artifacts.Value is not SourceMap map)
        {
            throw Fail(artifacts.Line, "`artifacts` must be a mapping of artifact names to {path: ..., type: ...}");
        }
        foreach (var artifact in map.Entries)
        {
            if (artifact.Value is not SourceMap body || body.Find("path") is not { Value: SourceScalar { Text: not null } })
            {
                throw Fail(artifact.Line, $"artifact `{artifact.Key}` needs a `path:`");
            }
            if (body.Entries.FirstOrDefault(e => !PipelineSchema.ArtifactKeys.Contains(e.Key)) is { } unknown)
            {
                throw Fail(unknown.Line, $"artifact `{artifact.Key}`: unknown key `{unknown.Key}`{PipelineSchema.DidYouMean(unknown.Key, PipelineSchema.ArtifactKeys)} (the keys are {string.Join(", ", PipelineSchema.ArtifactKeys)})");
            }
        }
    }

    private static bool IsListOf(SourceNode node, Func<SourceNode, bool> valid) =>
        node is SourceScalar { Value: null } || (node is SourceList list && list.Items.All(valid));

    /// <summary>The stages one entry of `stages` stands for: itself, or those its foreach or matrix generates.</summary>
    private List<StageSpec> Definition(SourceEntry entry, TemplateContext context)
    {
        string name = entry.Key;
        if (name.Length == 0 || name.AsSpan().IndexOfAny(ForbiddenInNames) >= 0 || name.Any(char.IsWhiteSpace))
        {
            throw Fail(entry.Line, $"`{name}` is not a valid stage name: it cannot be empty or hold spaces, `@`, `:`, `/`, `\\`, `$`, `{{` or `}}` (`@` is reserved for the names foreach and matrix generate, e.g. train@0)");
        }
        if (entry.Value is not SourceMap definition)
        {
            throw Fail(entry.Line, $"stage `{name}` must be a mapping of keys (cmd, deps, outs, ...), not {entry.Value.Describe()}");
        }
        var stages = new StageReader(this, _text);
        var forEach = definition.Find("foreach");
        var body = definition.Find("do");
        if (forEach is not null || body is not null)
        {
            if (forEach is null)
            {
                throw Fail(body!.Line, $"stage `{name}`: `do` needs `foreach` (the values to generate stages for)");
            }
            if (body is null)
            {
                throw Fail(forEach.Line, $"stage `{name}`: `foreach` needs `do:`, holding the stage keys (cmd, deps, outs, ...)");
            }
            if (definition.Entries.FirstOrDefault(e => e.Key is not ("foreach" or "do")) is { } misplaced)
            {
                throw Fail(misplaced.Line, misplaced.Key == "matrix"
                    ? $"stage `{name}`: use foreach or matrix, not both"
                    : $"stage `{name}`: with foreach, `{misplaced.Key}` goes under `do:`");
            }
            if (body.Value is not SourceMap template)
            {
                throw Fail(body.Line, $"stage `{name}`: `do` must hold the stage keys (cmd, deps, outs, ...), not {body.Value.Describe()}");
            }
            CheckStageKeys(name, template, entry.Line, matrixAllowed: false);
            return StageTemplates.Foreach(name, forEach, context, this)
                .Select(g => stages.Read(g.Name, template, g.Context, entry.Line))
                .ToList();
        }
        CheckStageKeys(name, definition, entry.Line, matrixAllowed: true);
        if (definition.Find("matrix") is { } matrix)
        {
            return StageTemplates.Matrix(name, matrix, context, this)
                .Select(g => stages.Read(g.Name, definition, g.Context, entry.Line))
                .ToList();
        }
        return [stages.Read(name, definition, context, entry.Line)];
    }

    private void CheckStageKeys(string name, SourceMap definition, int line, bool matrixAllowed)
    {
        foreach (var entry in definition.Entries)
        {
            if (entry.Key is "foreach" or "do")
            {
                throw Fail(entry.Line, $"stage `{name}`: `{entry.Key}` cannot be nested in a foreach stage");
            }
            if (!PipelineSchema.StageKeys.Contains(entry.Key))
            {
                throw Fail(entry.Line, $"stage `{name}`: unknown key `{entry.Key}`{PipelineSchema.DidYouMean(entry.Key, PipelineSchema.StageKeys)} (a stage has {string.Join(", ", PipelineSchema.StageKeys.Where(k => k != "matrix"))}, and foreach/do or matrix)");
            }
            if (entry.Key == "matrix" && !matrixAllowed)
            {
                throw Fail(entry.Line, $"stage `{name}`: use foreach or matrix, not both");
            }
        }
        if (definition.Find("cmd") is null)
        {
            throw Fail(line, $"stage `{name}` has no `cmd`: add the command it runs");
        }
    }

    internal PipelineFormatException Fail(int? line, string problem) => new(_file, line, problem);
}
