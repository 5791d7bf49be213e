namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// A dependency or output as it is now: its SHA-256 (a directory: its manifest's, with ".dir"), total size, and file
/// count for a directory. <see cref="Exists"/> is false for a path that is not there.
/// </summary>
public sealed record HashedPath(string Path, bool Exists, string Hash, long Size, int? FileCount)
{
    public static HashedPath Missing(string path) => new(path, false, "", 0, null);

    public bool IsDirectory => FileCount is not null;
}
