using GitMl.Core.Runs;

namespace GitMl.Core.Import.Mlflow;

/// <summary>An experiment of the file store: its folder (relative to the root), id, name, and whether it is deleted (in .trash, or marked).</summary>
public sealed record MlflowExperiment(string Folder, string Id, string Name, bool Deleted);

/// <summary>
/// A run as its meta.yaml describes it, before its params, tags, metrics and artifacts are read
/// (<see cref="MlflowRunData"/>): the store may hold thousands, and they are read one at a time.
/// </summary>
/// <param name="Status">MLflow's status name (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED).</param>
/// <param name="StartMs">Unix milliseconds, or null when not recorded.</param>
/// <param name="EndMs">Unix milliseconds, or null (a run that has not ended).</param>
/// <param name="DeletedMs">When it was deleted (MLflow's deleted_time), or null.</param>
public sealed record MlflowRunMeta(
    string Folder,
    MlflowExperiment Experiment,
    string Id,
    string? Name,
    string? User,
    string Status,
    long? StartMs,
    long? EndMs,
    bool Deleted,
    long? DeletedMs);

/// <summary>What a run recorded: params and tags (file content as is), every metric's whole series in file order, and its artifact files.</summary>
public sealed record MlflowRunData(
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Metrics,
    IReadOnlyList<(string Path, long Size)> Artifacts);

/// <summary>A registered model: its folder under models/, name, when it was last changed, versions and aliases.</summary>
public sealed record MlflowModel(string Folder, string Name, long? UpdatedMs, IReadOnlyList<MlflowModelVersion> Versions, IReadOnlyDictionary<string, int> Aliases);

/// <summary>A model version as its version-N/meta.yaml records it.</summary>
/// <param name="Stage">MLflow's current_stage: None, Staging, Production, Archived, or Deleted_Internal for a deleted version.</param>
/// <param name="Source">Where its files are: runs:/RUN_ID/PATH, a file URI or path ending in RUN_ID/artifacts/PATH, ...</param>
public sealed record MlflowModelVersion(
    string Folder,
    int Number,
    string Stage,
    string? Source,
    string? RunId,
    string? User,
    long? CreatedMs,
    long? UpdatedMs,
    string? Description);
