namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// How much of an MLflow file store `git ml import mlflow` reads: the tree is someone else's, so every file read into
/// memory, every directory listed and every series has a bound. What exceeds one is reported and left out; the
/// rest is imported. Artifacts are streamed into the object store, so their size is not bounded here.
/// </summary>
/// <param name="MetaBytes">A meta.yaml (MLflow writes a few hundred bytes).</param>
/// <param name="ValueBytes">A param or tag value, one file each (MLflow allows 6,000 and 8,000 characters).</param>
/// <param name="MetricPoints">Points of one metric (one line each).</param>
/// <param name="MetricLineBytes">One "timestamp value step" line.</param>
/// <param name="DirectoryEntries">Entries of one directory (runs of an experiment, metrics of a run, ...).</param>
/// <param name="Depth">Folder levels under params/, tags/, metrics/ and artifacts/ (a key "a/b" is two).</param>
/// <param name="ArtifactFiles">Artifact files of one run.</param>
public sealed record MlflowLimits(
    int MetaBytes = 1 << 20,
    int ValueBytes = 256 << 10,
    int MetricPoints = 10_000_000,
    int MetricLineBytes = 1024,
    int DirectoryEntries = 100_000,
    int Depth = 32,
    int ArtifactFiles = 100_000)
{
    public static MlflowLimits Default { get; } = new();
}
