using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>
/// Index entries at git-ml paths whose blob is a git-lfs pointer (a repository that used git-lfs, or a pointer
/// staged around the filter): git-ml cannot give their content back, so `git ml status` and `git ml fsck` name
/// them with the fix. Only blobs small enough to be pointers are read (two batched git calls), and attributes
/// are asked only for the git-lfs pointers found.
/// </summary>
public static class GitLfsPointers
{
    /// <summary>
    /// The paths. Blobs the <see cref="PointerCache"/> knows as git-ml pointers (every one in a repository git-ml has
    /// seen before) are not read again: a status over 10,000 tracked files would otherwise read 10,000 pointers twice.
    /// </summary>
    public static List<string> AtGitMlPaths(MlRepository repo)
    {
        var all = IndexEntry.ReadAll(repo.Git).Where(e => e.Stage == 0 && e.IsRegularFile).ToList();
        var gitMlBlobs = TrackedFile.PointerBlobs(repo, all.Select(e => e.Oid).Distinct());
        var entries = all.Where(e => !gitMlBlobs.Contains(e.Oid)).ToList();
        if (entries.Count == 0)
        {
            return [];
        }
        var sizes = GitObjects.ReadSizes(repo.Git, entries.Select(e => e.Oid).Distinct());
        var small = sizes.Where(s => s.Value is > 0 and < Pointer.SizeLimit).Select(s => s.Key).ToList();
        var lfsBlobs = small.Count == 0 ? [] : GitObjects.ReadContents(repo.Git, small)
            .Where(c => Pointer.IsGitLfsPointer(c.Value)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var candidates = entries.Where(e => lfsBlobs.Contains(e.Oid)).Select(e => e.Path).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        var filters = GitAttributes.Read(repo.Git, "filter", candidates);
        return candidates.Where(p => filters.GetValueOrDefault(p) == "ml").ToList();
    }

    /// <summary>The sentence that names one such file and says what to do.</summary>
    public static string Describe(string path) =>
        $"{path} is a git-lfs pointer at a path git-ml tracks; git-ml cannot give its content back. To migrate it, {Pointer.GitLfsPointerFix.Replace("PATH", path, StringComparison.Ordinal)}";
}
