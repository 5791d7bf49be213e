using System.Security.Cryptography;
using GitMl.Git;

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
        var head = GitRefs.Head(repo.Git)
            ?? throw new ArgumentException("this repository has no commit yet: a run is recorded on the commit it runs from; commit your code first");
        string commit = head.Commit;
        string? branch = head.Branch;
        var changed = GitStatus.ChangedPaths(repo.Git);
        string? diffHash = null;
        if (changed.Count > 0)
        {
            byte[] diff = GitDiff.PatchFromHead(repo.Git);
            diffHash = Convert.ToHexStringLower(SHA256.HashData(diff));
        }
        return new RunOrigin(commit, branch, changed.Count > 0, diffHash, changed);
    }
}
