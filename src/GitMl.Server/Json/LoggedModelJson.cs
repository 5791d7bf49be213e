namespace GitMl.Server.Json;

// MLflow 3's logged models (service.proto LoggedModel, LoggedModelInfo, LoggedModelData), as MLflow writes them.

public sealed record ModelRegistrationJson(string Name, string Version);

public sealed record LoggedModelInfoJson(
    string ModelId,
    string ExperimentId,
    string Name,
    long CreationTimestampMs,
    long LastUpdatedTimestampMs,
    string ArtifactUri,
    string Status,
    string? ModelType,
    string? SourceRunId,
    string? StatusMessage,
    IReadOnlyList<KeyValueJson>? Tags,
    IReadOnlyList<ModelRegistrationJson>? Registrations);

public sealed record LoggedModelDataJson(IReadOnlyList<KeyValueJson>? Params, IReadOnlyList<MetricJson>? Metrics);

public sealed record LoggedModelJson(LoggedModelInfoJson Info, LoggedModelDataJson Data);

public sealed record LoggedModelResponse(LoggedModelJson Model);

public sealed record SearchLoggedModelsResponse(IReadOnlyList<LoggedModelJson>? Models, string? NextPageToken);

/// <summary>A logged model as the server keeps it in .git/ml/server/logged-models/MODEL_ID.json.</summary>
public sealed record LoggedModelStateJson(
    int Schema,
    string ModelId,
    string ExperimentId,
    string Name,
    long CreationTime,
    long LastUpdatedTime,
    string Status,
    string? ModelType,
    string? SourceRunId,
    string? StatusMessage,
    bool Deleted,
    Dictionary<string, string> Tags,
    Dictionary<string, string> Params,
    List<FileStateJson> Files);

public sealed record FileStateJson(string Path, string Oid, long Size);
