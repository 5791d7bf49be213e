namespace GitMl.Git;

/// <summary>Git's line-based three-way merge of three files (`git merge-file`).</summary>
public static class GitMergeFile
{
    /// <summary>
    /// Merges into <paramref name="current"/> what changed from <paramref name="ancestor"/> to <paramref name="other"/>,
    /// writing conflict markers of <paramref name="markerSize"/> characters labelled "ours", "base" and "theirs".
    /// </summary>
    /// <returns>The number of conflicts left in <paramref name="current"/> (0: merged cleanly; git caps it at 127).</returns>
    /// <exception cref="GitException">git failed (an exit code outside 0-127: a file could not be read or written).</exception>
    public static int Merge(GitCli git, string current, string ancestor, string other, int markerSize)
    {
        var result = git.Run([
            "merge-file", $"--marker-size={markerSize}",
            "-L", "ours", "-L", "base", "-L", "theirs",
            current, ancestor, other,
        ]);
        if (result.ExitCode < 0 || result.ExitCode > 127)
        {
            throw new GitException($"git merge-file failed: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
        }
        return result.ExitCode;
    }
}
