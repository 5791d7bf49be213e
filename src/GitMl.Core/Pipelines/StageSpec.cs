namespace GitMl.Core.Pipelines;

/// <summary>
/// One stage, fully expanded. <see cref="Name"/> is as DVC names it (a foreach stage is "name@key", a matrix stage
/// "name@value1-value2"). Paths are relative to the pipeline file's folder joined with <see cref="WorkingDirectory"/>;
/// see <see cref="PipelineSpec"/>.
/// </summary>
/// <param name="Commands">One or more shell commands, run in order; the stage fails at the first that fails.</param>
/// <param name="WorkingDirectory">The wdir, relative to the pipeline file's folder ("." by default).</param>
/// <param name="Meta">The meta block, kept as written (YAML text), for tools that read it.</param>
public sealed record StageSpec(
    string Name,
    IReadOnlyList<string> Commands,
    string WorkingDirectory,
    IReadOnlyList<string> Deps,
    IReadOnlyList<ParamDependency> Params,
    IReadOnlyList<OutputSpec> Outs,
    bool Frozen,
    bool AlwaysChanged,
    string? Description,
    string? Meta,
    int Line)
{
    /// <summary>The commands as one string, the way the lock file records them (joined by newlines).</summary>
    public string CommandText => string.Join('\n', Commands);

    /// <summary>
    /// The part of <see cref="Params"/> the stage uses through ${...} without listing it in <c>params</c>. A lock entry
    /// written without them (by DVC, which does not record them, or by an older git-ml) is not stale for that alone:
    /// the values reach the stage through its command, which the lock records.
    /// </summary>
    public IReadOnlyList<ParamDependency> ParamsFromTemplates { get; init; } = [];

    public IEnumerable<OutputSpec> Metrics => Outs.Where(o => o.Kind == OutputKind.Metric);
}
