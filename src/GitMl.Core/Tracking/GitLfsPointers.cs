using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>
/// Index entries at git-ml paths whose blob is a git-lfs pointer (a repository that used git-lfs, or a pointer
/// staged around the filter): git-ml cannot give their content back, so `git ml status` and `git ml fsck` name
/// them with the fix. What each blob is comes from the <see cref="PointerCache"/> (which records git-lfs pointers
/// too); only blobs it does not know are read (two batched git calls), and attributes are asked only for the
/// git-lfs pointers found.
/// </summary>
public static class GitLfsPointers
{
    /// <summary>The paths, from a fresh read of the index.</summary>
    public static List<string> AtGitMlPaths(MlRepository repo) => AtGitMlPaths(repo, IndexEntry.ReadAll(repo.Git));

    /// <summary>
    /// The paths among <paramref name="index"/> (the index as the caller read it: status asks git for it once).
    /// A no-op status over 10,000 tracked files whose blobs the cache knows starts no git process here.
    /// </summary>
    public static List<string> AtGitMlPaths(MlRepository repo, IReadOnlyList<IndexEntry> index) => AtGitMlPaths(repo, index, null);

    /// <summary>
    /// The paths in the index a command read once; the entries already known to hold git-ml pointers (most of them,
    /// in a repository git-ml tracks) are not looked up again.
    /// </summary>
    public static List<string> AtGitMlPaths(MlRepository repo, IndexSnapshot index) => AtGitMlPaths(repo, index.Entries, index.Pointers);

    private static List<string> AtGitMlPaths(MlRepository repo, IReadOnlyList<IndexEntry> index, IReadOnlyList<Pointer?>? pointers)
    {
        var cache = repo.PointerCache;
        var candidates = new List<string>();
        var unknown = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < index.Count; i++)
        {
            var e = index[i];
            if (e.Stage != 0 || !e.IsRegularFile || pointers?[i] is not null)
            {
                continue;
            }
            switch (cache.IsGitLfsPointer(e.Oid))
            {
                case true:
                    candidates.Add(e.Path);
                    break;
                case null:
                    (unknown.TryGetValue(e.Oid, out var paths) ? paths : unknown[e.Oid] = []).Add(e.Path);
                    break;
            }
        }
        if (unknown.Count > 0)
        {
            foreach (var (oid, kind) in TrackedFile.ReadKinds(repo.Git, unknown.Keys))
            {
                cache.Remember(oid, kind.Pointer, kind.GitLfsPointer);
                if (kind.GitLfsPointer)
                {
                    candidates.AddRange(unknown[oid]);
                }
            }
            cache.Save();
        }
        if (candidates.Count == 0)
        {
            return [];
        }
        candidates.Sort(StringComparer.Ordinal);
        var filters = GitAttributes.Read(repo.Git, "filter", candidates);
        return candidates.Where(p => filters.GetValueOrDefault(p) == "ml").ToList();
    }

    /// <summary>The sentence that names one such file and says what to do.</summary>
    public static string Describe(string path) =>
        $"{path} is a git-lfs pointer at a path git-ml tracks; git-ml cannot give its content back. To migrate it, {Pointer.GitLfsPointerFix.Replace("PATH", path, StringComparison.Ordinal)}";
}
