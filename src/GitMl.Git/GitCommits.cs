namespace GitMl.Git;

/// <summary>What a person reads about a commit: who wrote it, when, and its message.</summary>
public sealed record GitCommitInfo(string Oid, string Author, string AuthorEmail, long AuthorTimeSeconds, string Subject, string Body);

/// <summary>Commit descriptions, for the web UI's run page.</summary>
public static class GitCommits
{
    /// <summary>The commit <paramref name="oid"/> (a full object name), or null when git does not have it.</summary>
    public static GitCommitInfo? Describe(GitCli git, string oid)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (oid.Length is not (40 or 64) || !oid.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }
        var result = git.Run(["show", "-s", "--no-show-signature", "--format=%H%x00%an%x00%ae%x00%at%x00%s%x00%b", oid + "^{commit}", "--"]);
        if (!result.Succeeded)
        {
            return null;
        }
        string[] fields = result.StdoutText.Split('\0', 6);
        return fields.Length == 6
            ? new GitCommitInfo(fields[0], fields[1], fields[2], long.TryParse(fields[3], out long t) ? t : 0, fields[4], fields[5].TrimEnd('\n'))
            : null;
    }
}
