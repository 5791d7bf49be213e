using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Metrics;

namespace GitMl.Core.Runs;

/// <summary>
/// A run as `git ml runs show` prints it: a header block, then params, metrics with their series, tags, data and outputs.
/// Every value recorded in the run is text from the repository, shown on its one line with <see cref="TerminalText.Escape"/>.
/// </summary>
public static class RunText
{
    /// <param name="history">A metric's whole series, or null when this clone does not have it.</param>
    public static string Describe(RunRecord run, Func<RunMetric, IReadOnlyList<MetricPoint>?> history)
    {
        var sb = new StringBuilder();
        sb.Append($"run {run.Id.Hex}{(run.Deleted ? " (deleted)" : "")}\n");
        Field(sb, "name", run.Name);
        Field(sb, "status", run.Status + (run.ExitCode is { } code ? $" (exit code {code})" : ""));
        Field(sb, "commit", run.AttachedTo == run.Commit ? run.Commit : $"{run.AttachedTo} (recorded on {run.Commit}, since rewritten)");
        Field(sb, "branch", run.Branch ?? "(detached HEAD)");
        if (run.Dirty)
        {
            Field(sb, "dirty", $"yes: uncommitted changes, diff sha256 {run.DiffSha256}");
        }
        Field(sb, "command", string.Join(' ', run.Command));
        Field(sb, "user", $"{run.User} on {run.Host}");
        Field(sb, "started", $"{RunNoteFormat.Time(run.Start)}, took {RunTables.Duration(run.Duration)}");
        if (run.Parent is { } parent)
        {
            Field(sb, "parent", parent.Hex);
        }
        Field(sb, "git-ml", $"{run.GitMlVersion} on {run.Os}");
        Section(sb, "params", run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{TerminalText.Escape(p.Key)} = {TerminalText.Escape(p.Value)}"));
        var metrics = new List<string>();
        foreach (var metric in run.Metrics.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            metrics.Add($"{TerminalText.Escape(metric.Name)} = {RunTables.Number(metric.Value)} (step {metric.Step}, {metric.Count} value(s))");
            if (metric.Count > 1)
            {
                metrics.Add("  " + Series(history(metric), metric));
            }
        }
        Section(sb, "metrics", metrics);
        Section(sb, "tags", run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{TerminalText.Escape(t.Key)} = {TerminalText.Escape(t.Value)}"));
        Section(sb, "data", run.Data.Select(f => $"{f.Oid.Short}  {TerminalText.Escape(f.Path)}"));
        Section(sb, "outputs", run.Outputs.Select(f => $"{f.Oid.Short}  {TerminalText.Escape(f.Path)}"));
        return sb.ToString();
    }

    /// <summary>A series in one line: every point when short, otherwise the first and last few.</summary>
    private static string Series(IReadOnlyList<MetricPoint>? points, RunMetric metric)
    {
        if (points is null)
        {
            return $"series in object {metric.HistoryOid?.Short} (not in this clone: git ml fetch brings it)";
        }
        static string Point(MetricPoint p) => $"{p.Step}:{RunTables.Number(p.Value)}";
        return points.Count <= 12
            ? "steps " + string.Join(' ', points.Select(Point))
            : "steps " + string.Join(' ', points.Take(5).Select(Point)) + " ... " + string.Join(' ', points.TakeLast(5).Select(Point));
    }

    private static void Field(StringBuilder sb, string name, string value) => sb.Append(name.PadRight(9)).Append(TerminalText.Escape(value)).Append('\n');

    private static void Section(StringBuilder sb, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }
        sb.Append('\n').Append(title).Append(":\n");
        foreach (string line in list)
        {
            sb.Append("  ").Append(line).Append('\n');
        }
    }
}
