using System.Security.Cryptography;

namespace GitMl.Core.Runs;

/// <summary>
/// Where a run starts from: the commit (HEAD), the branch (null when detached), whether tracked files differ from
/// HEAD, and then the sha256 of `git diff HEAD --binary`, so a run made on a dirty tree can never pass for one made on
/// the commit. Untracked files do not make the tree dirty (outputs of earlier runs usually are untracked).
/// </summary>
public sealed record RunOrigin(string Commit, string? Branch, bool Dirty, string? DiffSha256, IReadOnlyList<string> ChangedFiles)
{
    /// <exception cref="ArgumentException">The repository has no commit yet: a run attaches to a commit.</exception>
    public static RunOrigin Capture(MlRepository repo)
    {
        // One call for both: the commit, then the branch's full ref name ("HEAD" when detached).
        var head = repo.Git.Run(["rev-parse", "HEAD^{commit}", "--symbolic-full-name", "HEAD"]);
        string[] lines = head.Lines();
        if (!head.Succeeded || lines.Length < 2)
        {
            throw new ArgumentException("this repository has no commit yet: a run is recorded on the commit it runs from; commit your code first");
        }
        string commit = lines[0];
        string? branch = lines[1].StartsWith("refs/heads/", StringComparison.Ordinal) ? lines[1]["refs/heads/".Length..] : null;
        var changed = repo.Git.Check(["status", "--porcelain=v1", "-z", "--untracked-files=no"]).NulSeparated()
            .Where(e => e.Length > 3)
            .Select(e => e[3..])
            .ToList();
        string? diffHash = null;
        if (changed.Count > 0)
        {
            byte[] diff = repo.Git.Check(["diff", "HEAD", "--binary", "--no-color", "--no-ext-diff"]).Stdout;
            diffHash = Convert.ToHexStringLower(SHA256.HashData(diff));
        }
        return new RunOrigin(commit, branch, changed.Count > 0, diffHash, changed);
    }
}
