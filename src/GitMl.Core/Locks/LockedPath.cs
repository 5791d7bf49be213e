namespace GitMl.Core.Locks;

/// <summary>
/// A dependency or output as the lock file records it: its path and content hash. For a directory the hash is that
/// of its manifest (a canonical list of its files and their hashes) with ".dir" appended, and
/// <see cref="FileCount"/> is set, as in dvc.lock.
/// </summary>
/// <param name="HashKind">"sha256" in ml.lock; "md5" in a dvc.lock written by DVC 3 (<c>hash: md5</c>);
/// <see cref="Md5Dos2Unix"/> where DVC before 3.0 wrote the md5 alone.</param>
/// <param name="Hash">Lowercase hex, with ".dir" for a directory.</param>
/// <param name="Extra">Entry keys this version does not know, kept as they were (YAML text per key).</param>
public sealed record LockedPath(string Path, string HashKind, string Hash, long Size, int? FileCount, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>DVC's name (since 3.0) for the md5 its earlier versions recorded: of the bytes, or for a text file of
    /// its content with CRLF read as LF (see <see cref="Import.DualHash"/>).</summary>
    public const string Md5Dos2Unix = "md5-dos2unix";

    /// <summary>Whether the hash names text files as DVC before 3.0 did (see <see cref="Md5Dos2Unix"/>).</summary>
    public bool IsMd5Dos2Unix => HashKind == Md5Dos2Unix;

    public bool IsDirectory => Hash.EndsWith(".dir", StringComparison.Ordinal);
}
