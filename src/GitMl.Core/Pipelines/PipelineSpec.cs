namespace GitMl.Core.Pipelines;

/// <summary>
/// A pipeline as declared in ml.yaml (or dvc.yaml): its stages after every vars, ${...}, foreach and matrix has been
/// expanded, in file order. <see cref="FilePath"/> is relative to the top of the working tree; stage paths are
/// relative to the folder the file is in, as DVC has them.
/// </summary>
public sealed record PipelineSpec(string FilePath, IReadOnlyList<StageSpec> Stages);
