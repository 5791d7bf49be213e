using GitMl.Server.Artifacts;

namespace GitMl.Server.LoggedModels;

/// <summary>
/// An MLflow 3 logged model: a model logged in an experiment (usually from a run) with its own artifact root. Its
/// files' bytes are in git-ml's store; registering it as a model version puts them in the registry, which Git
/// shares. Status is PENDING until the client finalizes the upload.
/// </summary>
public sealed record LoggedModel(
    string Id,
    string ExperimentId,
    string Name,
    long CreationTime,
    long LastUpdatedTime,
    string Status,
    string? ModelType,
    string? SourceRunId,
    string? StatusMessage,
    bool Deleted,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<ArtifactFile> Files)
{
    public string ArtifactUri => Tracking.ArtifactUris.ForLoggedModel(ExperimentId, Id);
}

/// <summary>MLflow's LoggedModelStatus, by name or number.</summary>
public static class LoggedModelStatus
{
    public const string Pending = "LOGGED_MODEL_PENDING";
    public const string Ready = "LOGGED_MODEL_READY";
    public const string UploadFailed = "LOGGED_MODEL_UPLOAD_FAILED";

    public static string? Parse(string text) => text switch
    {
        "1" or Pending => Pending,
        "2" or Ready => Ready,
        "3" or UploadFailed => UploadFailed,
        _ => null,
    };
}
