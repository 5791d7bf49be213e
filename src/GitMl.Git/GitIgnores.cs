namespace GitMl.Git;

/// <summary>What git's ignore rules (.gitignore files, info/exclude, core.excludesFile) hide from `git add -A`.</summary>
public static class GitIgnores
{
    /// <summary>The rule that ignores a path: the file it is in, its line and its pattern.</summary>
    public sealed record Rule(string Source, int Line, string Pattern);

    /// <summary>The untracked files under <paramref name="paths"/> (files or folders, taken literally) that git ignores.</summary>
    public static List<string> IgnoredFiles(GitCli git, IEnumerable<string> paths)
    {
        var pathspecs = paths.Select(p => ":(literal)" + p).ToList();
        return pathspecs.Count == 0 ? [] : [.. git.Check(["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--", .. pathspecs]).NulSeparated()];
    }

    /// <summary>For each of <paramref name="paths"/> that git ignores, the rule that does (`git check-ignore -v`).</summary>
    public static Dictionary<string, Rule> Rules(GitCli git, IEnumerable<string> paths)
    {
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
        byte[] input = System.Text.Encoding.UTF8.GetBytes(string.Concat(paths.Select(p => p + "\0")));
        if (input.Length == 0)
        {
            return rules;
        }
        // Exit 1: nothing is ignored. Records are four fields: source, line number, pattern, path.
        var result = git.Run(["check-ignore", "-z", "-v", "--stdin"], input);
        if (result.ExitCode > 1)
        {
            throw new GitException($"'git check-ignore' failed: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
        }
        string[] fields = result.NulSeparated();
        for (int i = 0; i + 3 < fields.Length; i += 4)
        {
            // A matching "!pattern" re-includes the path rather than ignoring it.
            if (!fields[i + 2].StartsWith('!') && int.TryParse(fields[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int line))
            {
                rules[fields[i + 3]] = new Rule(fields[i], line, fields[i + 2]);
            }
        }
        return rules;
    }
}
