using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Transfer;

/// <summary>
/// Finds the git-ml pointers that commits refer to, in a constant number of git calls: only blobs small enough
/// to be pointers are ever read.
/// </summary>
public static class ReferencedPointers
{
    /// <summary>
    /// Pointers in every commit that <paramref name="revListArguments"/> selects (git rev-list syntax: "HEAD",
    /// "main --not --remotes=origin", "--all"), history included. One entry per object.
    /// </summary>
    public static List<PointerUse> InHistory(GitCli git, IReadOnlyList<string> revListArguments)
    {
        // Blobs too large to be pointers are dropped by git before they are even listed.
        var paths = GitObjectListing.SmallObjectsInHistory(git, revListArguments, Pointer.SizeLimit);
        // Listed: blobs under the limit, and trees (small enough to read whole; they are no pointers).
        return Parse(paths, Tracking.TrackedFile.ReadPointersOfSmallObjects(git, paths.Keys));
    }

    /// <summary>Pointers in the trees of these commits (their files, not their history).</summary>
    public static List<PointerUse> InTrees(GitCli git, IEnumerable<string> revisions)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string revision in revisions)
        {
            foreach (var entry in GitTrees.List(git, revision, recursive: true, sizes: true))
            {
                if (entry.Type == "blob" && entry.Size < Pointer.SizeLimit)
                {
                    paths.TryAdd(entry.Oid, entry.Path);
                }
            }
        }
        return Parse(paths, Tracking.TrackedFile.ReadPointersOfSmallObjects(git, paths.Keys));
    }

    private static List<PointerUse> Parse(Dictionary<string, string> pathsByBlob, Dictionary<string, Pointer> pointers)
    {
        var uses = new Dictionary<ObjectId, PointerUse>();
        foreach (var (blob, pointer) in pointers)
        {
            uses.TryAdd(pointer.Oid, new PointerUse(pointer, pathsByBlob[blob]));
        }
        return [.. uses.Values];
    }
}
