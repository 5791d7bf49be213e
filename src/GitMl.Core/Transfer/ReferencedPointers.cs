using System.Globalization;
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
        // --filter drops blobs too large to be pointers (limit=N leaves out blobs of N bytes and more) before they
        // are even listed.
        var listed = git.Check(["rev-list", "--objects", $"--filter=blob:limit={Pointer.SizeLimit}", .. revListArguments]).Lines();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in listed)
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && space < line.Length - 1)
            {
                paths.TryAdd(line[..space], line[(space + 1)..]);
            }
        }
        // Listed: blobs under the limit, and trees (small enough to read whole; they are no pointers).
        return Parse(paths, Tracking.TrackedFile.ReadPointersOfSmallObjects(git, paths.Keys));
    }

    /// <summary>Pointers in the trees of these commits (their files, not their history).</summary>
    public static List<PointerUse> InTrees(GitCli git, IEnumerable<string> revisions)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string revision in revisions)
        {
            foreach (string record in git.Check(["ls-tree", "-r", "-z", "-l", "--full-tree", revision]).NulSeparated())
            {
                // "<mode> <type> <oid> <size>\t<path>"
                int tab = record.IndexOf('\t', StringComparison.Ordinal);
                string[] meta = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (meta[1] == "blob" && long.TryParse(meta[3], NumberStyles.None, CultureInfo.InvariantCulture, out long size) && size < Pointer.SizeLimit)
                {
                    paths.TryAdd(meta[2], record[(tab + 1)..]);
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
