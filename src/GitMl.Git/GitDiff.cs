namespace GitMl.Git;

/// <summary>Differences git computes between the working tree, the index and HEAD.</summary>
public static class GitDiff
{
    /// <summary>
    /// Paths whose working-tree file differs from the index (`git diff-files --name-only`): git compares stat data and
    /// cleans again only racily clean files, so this costs no reading of unchanged content.
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static string[] UnstagedPaths(GitCli git) => git.Check(["diff-files", "--name-only", "-z"]).NulSeparated();

    /// <summary>
    /// The patch from HEAD to the working tree's tracked files (`git diff HEAD --binary`), without colour or external
    /// diff tools whatever the user's config says, so the same changes always give the same bytes.
    /// </summary>
    /// <exception cref="GitException">git failed (for example: there is no commit yet).</exception>
    public static byte[] PatchFromHead(GitCli git) => git.Check(["diff", "HEAD", "--binary", "--no-color", "--no-ext-diff"]).Stdout;
}
