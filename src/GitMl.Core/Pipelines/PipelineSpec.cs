namespace GitMl.Core.Pipelines;

/// <summary>
/// A pipeline as declared in ml.yaml (or dvc.yaml): its stages after every vars, ${...}, foreach and matrix has been
/// expanded, in file order. <see cref="FilePath"/> is relative to the top of the working tree; stage paths are
/// relative to the folder the file is in, as DVC has them.
/// </summary>
public sealed record PipelineSpec(string FilePath, IReadOnlyList<StageSpec> Stages)
{
    /// <summary>The top-level `metrics` list: metrics files no stage produces (e.g. written by DVCLive), relative to the pipeline's folder.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>The top-level `params` list: params files to show and compare besides the stages' own, relative to the pipeline's folder.</summary>
    public IReadOnlyList<string> Params { get; init; } = [];
}
