using System.Text;
using GitMl.Core.Hooks;

namespace GitMl.Core.Merge;

/// <summary>
/// What the merge driver says on stderr about a lock-file merge that did not come out clean: each conflicting stage
/// and what differs, and the resolution (rerun the stage, then stage the lock file). Empty for a clean merge.
/// </summary>
public static class LockMergeReport
{
    public static string Render(string path, LockMergeResult result)
    {
        var sb = new StringBuilder();
        if (result.Conflicts.Count > 0)
        {
            sb.Append("git-ml: ").Append(path).Append(": ").Append(Count(result.Conflicts.Count, "entry", "entries")).Append(" changed differently on both sides:\n");
            AppendList(sb, result.Conflicts);
            sb.Append("git-ml: ").Append(path).Append(" marks them with <<<<<<< ours / >>>>>>> theirs. Finish merging the pipeline's inputs\n");
            sb.Append("(code, params), then rerun the stages, which rewrites their entries, and stage the lock file:\n");
            var stages = result.Conflicts.Where(c => c.IsStage).Select(c => c.Key).ToList();
            if (stages.Count > 0)
            {
                sb.Append("  git ml repro ").Append(PreCommitReport.ShellQuote(stages)).Append('\n');
            }
            else
            {
                sb.Append("  edit ").Append(path).Append(" to keep one version of each marked key\n");
            }
            sb.Append("  git add ").Append(PreCommitReport.ShellQuote([path])).Append('\n');
        }
        if (result.Dropped.Count > 0)
        {
            sb.Append("git-ml: WARNING: ").Append(path).Append(": ").Append(Count(result.Dropped.Count, "stage", "stages"))
                .Append(" changed differently on both sides were DROPPED from the merged lock file (ml.merge.dropConflictingStages is on):\n");
            AppendList(sb, result.Dropped);
            sb.Append("git-ml: they count as never run: rerun them with `git ml repro ")
                .Append(PreCommitReport.ShellQuote(result.Dropped.Select(d => d.Key))).Append("` and commit the lock file.\n");
        }
        return sb.ToString();
    }

    private static void AppendList(StringBuilder sb, IEnumerable<LockConflict> conflicts)
    {
        foreach (var conflict in conflicts)
        {
            sb.Append("  ").Append(conflict.IsStage ? "stage " : "").Append(conflict.Key).Append(": ").Append(string.Join("; ", conflict.Differences)).Append('\n');
        }
    }

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
