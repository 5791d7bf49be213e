namespace GitMl.Server.Json;

// The tracking service's messages as MLflow's server writes them (service.proto, written by message_to_json):
// snake_case names, int64 as JSON numbers, enums by name, unset fields and empty lists left out (null here).

public sealed record KeyValueJson(string Key, string Value);

public sealed record ExperimentJson(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long LastUpdateTime,
    long CreationTime,
    IReadOnlyList<KeyValueJson>? Tags);

public sealed record MetricJson(string Key, double Value, long Timestamp, long Step, string? RunId = null);

public sealed record RunInfoJson(
    string RunId,
    string RunUuid,
    string RunName,
    string ExperimentId,
    string UserId,
    string Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

public sealed record RunDataJson(IReadOnlyList<MetricJson>? Metrics, IReadOnlyList<KeyValueJson>? Params, IReadOnlyList<KeyValueJson>? Tags);

public sealed record DatasetJson(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile);

public sealed record DatasetInputJson(IReadOnlyList<KeyValueJson>? Tags, DatasetJson Dataset);

public sealed record ModelInputJson(string ModelId);

public sealed record ModelOutputJson(string ModelId, long Step);

public sealed record RunInputsJson(IReadOnlyList<DatasetInputJson>? DatasetInputs, IReadOnlyList<ModelInputJson>? ModelInputs);

public sealed record RunOutputsJson(IReadOnlyList<ModelOutputJson>? ModelOutputs);

public sealed record RunJson(RunInfoJson Info, RunDataJson Data, RunInputsJson? Inputs, RunOutputsJson? Outputs);

public sealed record CreateExperimentResponse(string ExperimentId);

public sealed record ExperimentResponse(ExperimentJson Experiment);

public sealed record SearchExperimentsResponse(IReadOnlyList<ExperimentJson>? Experiments, string? NextPageToken);

public sealed record RunResponse(RunJson Run);

public sealed record UpdateRunResponse(RunInfoJson RunInfo);

public sealed record SearchRunsResponse(IReadOnlyList<RunJson>? Runs, string? NextPageToken);

public sealed record MetricHistoryResponse(IReadOnlyList<MetricJson>? Metrics, string? NextPageToken);

public sealed record FileInfoJson(string Path, bool IsDir, long? FileSize);

public sealed record ListArtifactsResponse(string? RootUri, IReadOnlyList<FileInfoJson>? Files);

public sealed record ErrorJson(string ErrorCode, string Message);

/// <summary>A response with no fields: <c>{}</c>.</summary>
public sealed record EmptyJson;

public sealed record HealthJson(string Status);
