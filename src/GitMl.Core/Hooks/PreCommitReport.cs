using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Settings;

namespace GitMl.Core.Hooks;

/// <summary>The message pre-commit prints when it blocks a commit: every file, why, and the commands that fix it.</summary>
public static class PreCommitReport
{
    public static string Render(IReadOnlyList<PreCommitViolation> violations, MlSettings settings)
    {
        var sb = new StringBuilder();
        sb.Append("git-ml: commit blocked: ").Append(violations.Count).Append(violations.Count == 1 ? " staged file needs" : " staged files need").Append(" attention.\n");

        var untracked = violations.Where(v => v.Kind is PreCommitViolationKind.TooLarge or PreCommitViolationKind.Binary).ToList();
        if (untracked.Count > 0)
        {
            sb.Append("\nToo large or binary for plain Git, and not tracked by git-ml:\n");
            AppendTable(sb, untracked, v => v.Kind == PreCommitViolationKind.TooLarge
                ? $"larger than {ByteSize.Format(settings.PreCommitMaxSize)}"
                : "binary");
            string paths = ShellQuote(untracked.Select(v => v.Path));
            sb.Append("Store them with git-ml (Git keeps a small pointer, git-ml keeps the bytes):\n");
            sb.Append("  git ml add ").Append(paths).Append('\n');
            sb.Append("or, to track every file of a kind, e.g.: git ml track '*").Append(Path.GetExtension(untracked[0].Path)).Append("' && git add --renormalize ").Append(paths).Append('\n');
            sb.Append("or leave them out of this commit:\n");
            sb.Append("  git rm --cached ").Append(paths).Append('\n');
        }

        var notCleaned = violations.Where(v => v.Kind == PreCommitViolationKind.NotCleaned).ToList();
        if (notCleaned.Count > 0)
        {
            sb.Append("\nTracked by git-ml, but staged before they were tracked (Git holds their full bytes):\n");
            AppendTable(sb, notCleaned, _ => "not converted to a pointer");
            sb.Append("Stage them again through git-ml:\n");
            sb.Append("  git add --renormalize ").Append(ShellQuote(notCleaned.Select(v => v.Path))).Append('\n');
        }

        var lfs = violations.Where(v => v.Kind == PreCommitViolationKind.GitLfsPointer).ToList();
        if (lfs.Count > 0)
        {
            sb.Append("\ngit-lfs pointers at paths git-ml tracks (git-ml cannot give their content back):\n");
            AppendTable(sb, lfs, _ => "git-lfs pointer");
            sb.Append("Fetch their content with git lfs (git lfs install && git lfs pull), then stage it through git-ml:\n");
            sb.Append("  git add --renormalize ").Append(ShellQuote(lfs.Select(v => v.Path))).Append('\n');
        }

        var missing = violations.Where(v => v.Kind == PreCommitViolationKind.MissingObject).ToList();
        if (missing.Count > 0)
        {
            sb.Append("\nPointers whose content is not in the local git-ml store (they could never be pushed):\n");
            AppendTable(sb, missing, v => $"object {v.Oid![..ObjectIdShort]} missing");
            sb.Append("Restore the original files and stage them again (git add), or unstage them:\n");
            sb.Append("  git restore --staged ").Append(ShellQuote(missing.Select(v => v.Path))).Append('\n');
        }

        var conflicted = violations.Where(v => v.Kind == PreCommitViolationKind.ConflictMarkers).ToList();
        if (conflicted.Count > 0)
        {
            sb.Append("\nLock or parameters files that still contain merge conflict markers (<<<<<<< ours / >>>>>>> theirs):\n");
            AppendTable(sb, conflicted, v => $"conflict marker at line {v.Line}");
            sb.Append("A lock file: rerun the stages between the markers (repro rewrites their entries), then stage it again:\n");
            sb.Append("  git ml repro STAGE...   (the merge named the stages; `git ml status` lists what is stale)\n");
            sb.Append("A parameters file: keep one value for each marked key and delete the marker lines. Then:\n");
            sb.Append("  git add ").Append(ShellQuote(conflicted.Select(v => v.Path))).Append('\n');
        }

        sb.Append("\nTo let a path into plain Git for good: git config -f ").Append(SettingKeys.CommittedFile).Append(" --add ").Append(SettingKeys.PreCommitAllow).Append(" 'PATTERN'");
        sb.Append("\nTo raise the size limit: git config -f ").Append(SettingKeys.CommittedFile).Append(' ').Append(SettingKeys.PreCommitMaxSize).Append(" 10m");
        sb.Append("\nTo commit anyway, this once: git commit --no-verify\n");
        return sb.ToString();
    }

    private const int ObjectIdShort = 12;

    private static void AppendTable(StringBuilder sb, List<PreCommitViolation> rows, Func<PreCommitViolation, string> reason)
    {
        int width = Math.Min(60, rows.Max(r => r.Path.Length));
        foreach (var row in rows)
        {
            sb.Append("  ").Append(row.Path.PadRight(width)).Append("  ").Append(ByteSize.Format(row.Size).PadLeft(10)).Append("  ").Append(reason(row)).Append('\n');
        }
    }

    /// <summary>Paths quoted for a POSIX shell, so the printed command can be pasted as is.</summary>
    public static string ShellQuote(IEnumerable<string> paths) =>
        string.Join(' ', paths.Select(p => p.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? p : "'" + p.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
