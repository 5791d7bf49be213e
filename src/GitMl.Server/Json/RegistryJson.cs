namespace GitMl.Server.Json;

// The model registry's messages (model_registry.proto) as MLflow writes them. Version numbers are strings there.

public sealed record ModelVersionJson(
    string Name,
    string Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string UserId,
    string CurrentStage,
    string Description,
    string Source,
    string? RunId,
    string Status,
    string? StatusMessage,
    IReadOnlyList<KeyValueJson>? Tags,
    string? RunLink,
    IReadOnlyList<string>? Aliases,
    string? ModelId);

public sealed record RegisteredModelAliasJson(string Alias, string Version);

public sealed record RegisteredModelJson(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string Description,
    IReadOnlyList<ModelVersionJson>? LatestVersions,
    IReadOnlyList<KeyValueJson>? Tags,
    IReadOnlyList<RegisteredModelAliasJson>? Aliases);

public sealed record RegisteredModelResponse(RegisteredModelJson RegisteredModel);

public sealed record SearchRegisteredModelsResponse(IReadOnlyList<RegisteredModelJson>? RegisteredModels, string? NextPageToken);

public sealed record ModelVersionResponse(ModelVersionJson ModelVersion);

public sealed record ModelVersionsResponse(IReadOnlyList<ModelVersionJson>? ModelVersions, string? NextPageToken = null);

public sealed record DownloadUriResponse(string ArtifactUri);

/// <summary>The registry's MLflow-only fields the server keeps in .git/ml/server/registry.json (Git's registry has no place for them).</summary>
public sealed record RegistryMetadataJson(int Schema, Dictionary<string, ModelMetadataJson> Models, Dictionary<string, VersionMetadataJson> Versions);

public sealed record ModelMetadataJson(string Description, Dictionary<string, string> Tags, bool Deleted, long Created);

public sealed record VersionMetadataJson(string? Description, Dictionary<string, string> Tags, string? Source, string? RunLink, string? ModelId);
