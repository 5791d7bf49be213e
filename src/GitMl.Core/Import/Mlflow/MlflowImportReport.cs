namespace GitMl.Core.Import.Mlflow;

/// <summary>What `git ml import mlflow` took from an MLflow file store, and what it could not map.</summary>
/// <param name="Store">The store's folder, as given.</param>
/// <param name="FallbackCommit">HEAD when importing: the commit runs are attached to when their own is not in this repository.</param>
/// <param name="Runs">Runs imported now, in the order read.</param>
/// <param name="RunsAlreadyHere">Runs of the store this repository had already (imported before): left as they are.</param>
/// <param name="Models">Registered models with the versions imported now.</param>
public sealed record MlflowImportReport(
    string Store,
    string FallbackCommit,
    IReadOnlyList<MlflowImportedRun> Runs,
    int RunsAlreadyHere,
    IReadOnlyList<MlflowImportedModel> Models,
    IReadOnlyList<MlflowProblem> Problems)
{
    /// <summary>True when the import added nothing (everything was here already, or there was nothing to take).</summary>
    public bool NothingImported => Runs.Count == 0 && Models.All(m => m.Versions.Count == 0);
}

/// <param name="Commit">The commit the run's note is on: its own (mlflow.source.git.commit) or the fallback.</param>
/// <param name="OnFallback">True when the run's own commit is not in this repository (or it recorded none).</param>
/// <param name="Points">Metric values logged, over all its metrics.</param>
/// <param name="Deleted">Deleted in MLflow: imported, and hidden like a run deleted with git ml runs delete.</param>
public sealed record MlflowImportedRun(
    string Id,
    string Name,
    string ExperimentId,
    string ExperimentName,
    string Commit,
    bool OnFallback,
    int Params,
    int Metrics,
    long Points,
    int Artifacts,
    bool Deleted);

/// <param name="Versions">The version numbers imported now (MLflow's numbers).</param>
/// <param name="Stages">Stage -> version, for the versions imported now.</param>
/// <param name="Aliases">Alias -> version, for the versions imported now.</param>
public sealed record MlflowImportedModel(
    string Name,
    IReadOnlyList<int> Versions,
    IReadOnlyDictionary<string, int> Stages,
    IReadOnlyDictionary<string, int> Aliases);
