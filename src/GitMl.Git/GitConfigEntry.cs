namespace GitMl.Git;

/// <summary>
/// One value of git's effective config and where git read it (`git config --list --show-origin`). The file matters
/// when deciding whose setting it is: a file inside the working tree (a committed file pulled in by include.path)
/// was written by whoever committed it, not by this user.
/// </summary>
/// <param name="Key">Normalised as <see cref="GitConfig.NormaliseKey"/> does.</param>
/// <param name="File">The absolute path of the file it came from, or null for values given on git's command line
/// (`git -c`, GIT_CONFIG_PARAMETERS) or from a blob or standard input.</param>
public sealed record GitConfigEntry(string Key, string Value, string? File)
{
    /// <summary>Every value of the effective config (system, global, local, worktree, command line), in the order git applies them.</summary>
    public static IReadOnlyList<GitConfigEntry> ReadEffective(GitCli git)
    {
        var result = git.Run(["config", "-z", "--list", "--show-origin"]);
        // Exit 1 with no output: no config at all.
        return result.Succeeded || result.Stdout.Length == 0
            ? Parse(result.StdoutText, git.WorkingDirectory)
            : throw new GitException($"could not read git config: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
    }

    /// <summary>
    /// Parses `git config -z --list --show-origin`: for each value, "origin" NUL "key" LF "value" NUL, where origin is
    /// "file:PATH" (PATH relative to <paramref name="workingDirectory"/>, where git ran), "command line:", "blob:..."
    /// or "standard input:".
    /// </summary>
    public static IReadOnlyList<GitConfigEntry> Parse(string output, string workingDirectory)
    {
        var entries = new List<GitConfigEntry>();
        string[] fields = output.Split('\0');
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            string origin = fields[i];
            string entry = fields[i + 1];
            int nl = entry.IndexOf('\n', StringComparison.Ordinal);
            string key = GitConfig.NormaliseKey(nl < 0 ? entry : entry[..nl]);
            string value = nl < 0 ? "true" : entry[(nl + 1)..];
            string? file = origin.StartsWith("file:", StringComparison.Ordinal) ? Path.GetFullPath(origin["file:".Length..], workingDirectory) : null;
            entries.Add(new GitConfigEntry(key, value, file));
        }
        return entries;
    }
}
