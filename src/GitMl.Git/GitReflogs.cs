using System.Globalization;
using System.Text;

namespace GitMl.Git;

/// <summary>One reflog entry: the ref, the commit it then pointed at with that commit's parents, and when (Unix seconds).</summary>
public sealed record ReflogEntry(string Ref, string Oid, IReadOnlyList<string> Parents, long Time);

/// <summary>Reading reflogs in one git call.</summary>
public static class GitReflogs
{
    /// <summary>
    /// Every entry of the reflogs of <paramref name="refNames"/> (full ref names, or a worktree's HEAD named as
    /// "main-worktree/HEAD" or "worktrees/ID/HEAD"), through one `git log -g`. Refs without a reflog, refs deleted
    /// meanwhile and entries whose commit git no longer has are left out. Each ref's entries come newest first.
    /// Names must not hold a newline.
    /// </summary>
    public static List<ReflogEntry> Read(GitCli git, IEnumerable<string> refNames)
    {
        byte[] input = Encoding.UTF8.GetBytes(string.Concat(refNames.Distinct(StringComparer.Ordinal).Select(r => r + "\n")));
        var entries = new List<ReflogEntry>();
        if (input.Length == 0)
        {
            return entries;
        }
        // %gD with --date=unix is "<ref>@{<time>}"; the options keep user config (signatures, colour) out of the output.
        var result = git.Check(["log", "-g", "--no-show-signature", "--no-color", "--ignore-missing", "--date=unix", "--format=%gD %H %P", "--stdin"], input);
        foreach (string line in result.Lines())
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int at = words.Length >= 2 ? words[0].LastIndexOf("@{", StringComparison.Ordinal) : -1;
            if (at > 0 && words[0].EndsWith('}')
                && long.TryParse(words[0].AsSpan(at + 2, words[0].Length - at - 3), NumberStyles.None, CultureInfo.InvariantCulture, out long time))
            {
                entries.Add(new ReflogEntry(words[0][..at], words[1], words[2..], time));
            }
        }
        return entries;
    }
}
