namespace GitMl.Core.Registry;

/// <summary>What registering a version records, before it has a number (see <see cref="ModelVersion"/>).</summary>
public sealed record VersionDraft(
    string Oid,
    long Size,
    bool IsDirectory,
    string Path,
    string? Commit,
    string? RunId,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<RunArtifact> Data,
    string Message,
    string? Semver,
    long? ManifestSize = null);
