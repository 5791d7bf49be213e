using System.Text;

namespace GitMl.Git;

/// <summary>Listing the objects trees and indexes refer to, in one `git rev-list` whatever their number.</summary>
public static class GitObjectListing
{
    /// <summary>
    /// The objects in the trees of <paramref name="revisions"/> (commits, tags, trees or blobs, by any name git
    /// resolves; their history is not walked) and, with <paramref name="indexes"/>, in the index of every worktree
    /// (all stages), leaving out blobs of <paramref name="blobSizeLimit"/> bytes or more before anything reads them:
    /// object id -> a path it was found at ("" for a root tree). Names git cannot resolve (a ref deleted meanwhile, an
    /// abbreviation that names nothing) are skipped; names that hold a newline or start with '-' are never passed on.
    /// </summary>
    public static Dictionary<string, string> SmallObjectsInTrees(GitCli git, IEnumerable<string> revisions, bool indexes, long blobSizeLimit)
    {
        var input = new StringBuilder();
        foreach (string name in revisions.Distinct(StringComparer.Ordinal))
        {
            if (name.Length > 0 && name[0] != '-' && !name.Contains('\n', StringComparison.Ordinal))
            {
                input.Append(name).Append('\n');
            }
        }
        var args = new List<string> { "rev-list", "--objects", "--no-walk", "--ignore-missing", $"--filter=blob:limit={blobSizeLimit}", "--filter-provided-objects" };
        if (indexes)
        {
            args.Add("--indexed-objects");
        }
        args.Add("--stdin");
        var objects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in git.Check(args, Encoding.UTF8.GetBytes(input.ToString())).Lines())
        {
            // "<oid>" for a commit or tag, "<oid> <path>" for a tree or blob (a root tree's path is empty).
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                objects.TryAdd(line[..space], line[(space + 1)..]);
            }
        }
        return objects;
    }
}
