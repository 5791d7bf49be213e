using System.Text;
using GitMl.Core.Hooks;

namespace GitMl.Core.Merge;

/// <summary>What the merge driver says on stderr about a parameters-file merge with conflicts: each key, both values, and what to do.</summary>
public static class ParamsMergeReport
{
    public static string Render(string path, ParamsMergeResult result)
    {
        if (result.Conflicts.Count == 0)
        {
            return "";
        }
        var sb = new StringBuilder();
        sb.Append("git-ml: ").Append(path).Append(": ").Append(result.Conflicts.Count).Append(result.Conflicts.Count == 1 ? " key" : " keys").Append(" changed differently on both sides:\n");
        foreach (var conflict in result.Conflicts)
        {
            sb.Append("  ").Append(conflict.Key).Append(": ").Append(conflict.Ours ?? "deleted").Append(" ours, ").Append(conflict.Theirs ?? "deleted").Append(" theirs\n");
        }
        sb.Append("git-ml: ").Append(path).Append(" marks each with <<<<<<< ours / >>>>>>> theirs. Keep one value per key, then:\n");
        sb.Append("  git add ").Append(PreCommitReport.ShellQuote([path])).Append('\n');
        sb.Append("and rerun the stages that read them (git ml status lists them; git ml repro reruns them).\n");
        return sb.ToString();
    }
}
