namespace GitMl.Core.Registry;

/// <summary>
/// What the registry copies from an experiment run into a model version: the run's full id, the commit it ran
/// from, its outputs (one of which becomes the version's content), params, final metrics and the data it read.
/// </summary>
public sealed record RunLineage(
    string RunId,
    string Commit,
    IReadOnlyList<RunArtifact> Outputs,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<RunArtifact> Data);
