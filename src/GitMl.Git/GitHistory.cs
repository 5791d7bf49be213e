namespace GitMl.Git;

/// <summary>Walking commit history (`git rev-list`).</summary>
public static class GitHistory
{
    /// <summary>
    /// Every commit in the history of <paramref name="revision"/> (itself included), or false with git's own
    /// explanation in <paramref name="problem"/> when git cannot walk it (no such revision, no commit yet).
    /// </summary>
    public static bool TryListCommits(GitCli git, string revision, out string[] commits, out string problem)
    {
        var listed = git.Run(["rev-list", "--end-of-options", revision]);
        commits = listed.Succeeded ? listed.Lines() : [];
        problem = listed.Succeeded ? "" : listed.Stderr.Trim();
        return listed.Succeeded;
    }

    /// <summary>Whether any ref leads to a commit (false in a fresh repository, or when git cannot tell).</summary>
    public static bool HasAnyCommit(GitCli git) => git.Run(["rev-list", "-n", "1", "--all"]).StdoutText.Trim().Length > 0;
}
