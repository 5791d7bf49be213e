namespace GitMl.Core.Registry;

/// <summary>
/// One registered version of a model. Everything but <see cref="Archived"/> and <see cref="Deleted"/> is fixed when
/// the version is registered and never changes: the content (<see cref="Oid"/>: SHA-256 of the file, or of the
/// directory manifest when <see cref="IsDirectory"/>), where it came from (path, source commit, run) and what the
/// run recorded (params, metrics, data lineage). Archiving and deleting only mark the version; it stays in the file
/// and in the audit trail.
/// </summary>
/// <param name="Number">The version number, 1, 2, ...: monotonic per model, never reused, even after a delete.</param>
/// <param name="Commit">The commit the content came from (HEAD at registration, or the run's commit); null in a repository with no commits.</param>
/// <param name="RunId">The experiment run it was registered from, or null.</param>
/// <param name="Data">The run's input data (path, oid, size): the version's data lineage.</param>
/// <param name="User">Who registered it, "Name &lt;email&gt;" from git config.</param>
/// <param name="ManifestSize">For a directory, the size of its manifest object (needed to fetch it); null for a file.</param>
/// <param name="Semver">The release number given with --semver (tag model/NAME/vX.Y.Z), or null.</param>
public sealed record ModelVersion(
    int Number,
    string Oid,
    long Size,
    bool IsDirectory,
    string Path,
    string? Commit,
    string? RunId,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<RunArtifact> Data,
    string User,
    DateTimeOffset Time,
    string Message,
    string? Semver,
    DateTimeOffset? Archived,
    DateTimeOffset? Deleted,
    long? ManifestSize = null)
{
    public bool IsDeleted => Deleted is not null;

    public bool IsArchived => Archived is not null;

    /// <summary>"file" or "directory", as the registry file writes it.</summary>
    public string Kind => IsDirectory ? "directory" : "file";
}
