using System.Text;

namespace GitMl.Git;

/// <summary>Listing the objects trees and indexes refer to, in one `git rev-list` whatever their number.</summary>
public static class GitObjectListing
{
    /// <summary>
    /// The blobs and trees in every commit that <paramref name="revListArguments"/> selects, history included (git
    /// rev-list syntax, passed through as given: "HEAD", "main --not --remotes=origin", "--all", or revisions a user
    /// named), leaving out blobs of <paramref name="blobSizeLimit"/> bytes or more before anything reads them: object id
    /// -> the first path it was found at. Commits, and root trees (which have no path), are left out.
    /// </summary>
    /// <exception cref="GitException">git failed (for example: a revision it does not know).</exception>
    public static Dictionary<string, string> SmallObjectsInHistory(GitCli git, IReadOnlyList<string> revListArguments, long blobSizeLimit)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in git.Check(["rev-list", "--objects", $"--filter=blob:limit={blobSizeLimit}", .. revListArguments]).Lines())
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && space < line.Length - 1)
            {
                paths.TryAdd(line[..space], line[(space + 1)..]);
            }
        }
        return paths;
    }

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
