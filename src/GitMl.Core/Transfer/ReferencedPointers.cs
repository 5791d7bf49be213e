using GitMl.Core.Objects;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Transfer;

/// <summary>
/// Finds the git-ml pointers that commits refer to, in a constant number of git calls: only blobs small enough
/// to be pointers are ever read, and none the <see cref="PointerCache"/> given knows as a pointer.
/// <para>Only the cache's positive answers are used. A blob id names its content, so a blob the cache recorded as a
/// pointer is that pointer; a blob it calls "not a pointer" is read from git all the same, because believing that
/// wrongly would leave data behind (a push that never uploads it), while reading a small blob costs little.
/// Garbage collection passes no cache: what it keeps comes from git alone.</para>
/// </summary>
public static class ReferencedPointers
{
    /// <summary>
    /// Pointers in every commit that <paramref name="revListArguments"/> selects (git rev-list syntax: "HEAD",
    /// "main --not --remotes=origin", "--all"), history included. One entry per object.
    /// </summary>
    public static List<PointerUse> InHistory(GitCli git, IReadOnlyList<string> revListArguments, PointerCache? known = null)
    {
        // Blobs too large to be pointers are dropped by git before they are even listed.
        var paths = GitObjectListing.SmallObjectsInHistory(git, revListArguments, Pointer.SizeLimit);
        // Listed: blobs under the limit, and trees (small enough to read whole; they are no pointers).
        return Parse(paths, Read(git, paths.Keys, known));
    }

    /// <summary>Pointers in the trees of these commits (their files, not their history).</summary>
    public static List<PointerUse> InTrees(GitCli git, IEnumerable<string> revisions, PointerCache? known = null)
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
        return Parse(paths, Read(git, paths.Keys, known));
    }

    /// <summary>The pointers among the blobs: those <paramref name="known"/> has as pointers, the rest read from git.</summary>
    private static Dictionary<string, Pointer> Read(GitCli git, IEnumerable<string> blobs, PointerCache? known)
    {
        if (known is null)
        {
            return TrackedFile.ReadPointersOfSmallObjects(git, blobs);
        }
        var pointers = new Dictionary<string, Pointer>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (string blob in blobs)
        {
            if (known.TryGet(blob, out var pointer) && pointer is not null)
            {
                pointers[blob] = pointer;
            }
            else
            {
                unknown.Add(blob);
            }
        }
        foreach (var (blob, pointer) in TrackedFile.ReadPointersOfSmallObjects(git, unknown))
        {
            pointers[blob] = pointer;
        }
        return pointers;
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
