namespace GitMl.Core.Import;

/// <summary>
/// DVC's local cache (.dvc/cache, or the folder .dvc/config names): objects named by md5, at files/md5/ab/cdef…
/// (DVC 3) or ab/cdef… (DVC 2, and DVC 3 for data hashed by DVC 2). Read only: git-ml never writes or deletes here.
/// </summary>
public sealed class DvcCache(string root)
{
    public string Root { get; } = root;

    /// <summary>The file holding the object with this md5 (a directory's: its .dir listing), or null when the cache lacks it.</summary>
    public string? Find(string md5)
    {
        if (md5.Length < 3)
        {
            return null;
        }
        string head = md5[..2], rest = md5[2..];
        foreach (string candidate in (string[])[Path.Combine(Root, "files", "md5", head, rest), Path.Combine(Root, head, rest)])
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The cache of the DVC project at <paramref name="workTree"/>: .dvc/config's cache.dir (relative to .dvc/) or .dvc/cache.</summary>
    public static DvcCache For(string workTree, DvcConfig config) =>
        new(Path.GetFullPath(config.CacheDirectory ?? "cache", Path.Combine(workTree, ".dvc")));
}
