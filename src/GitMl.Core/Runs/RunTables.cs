using System.Globalization;
using GitMl.Core.Metrics;

namespace GitMl.Core.Runs;

/// <summary>
/// Runs as tables (pure): the list/search table (one row per run: id, name, status, start, duration, commit, branch,
/// then every param and metric that any of the runs has, as `params.K` / `metrics.K` columns, the names search uses)
/// and the compare table (one row per param and metric, one column per run, numeric metrics with their delta against
/// the first run).
/// </summary>
public static class RunTables
{
    public static Table List(IReadOnlyList<RunRecord> runs, bool withParams = true)
    {
        var metricNames = runs.SelectMany(r => r.Metrics.Select(m => m.Name)).Distinct().Order(StringComparer.Ordinal).ToList();
        var paramNames = withParams ? runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList() : [];
        var headers = new List<string> { "run", "name", "status", "start", "duration", "commit", "branch" };
        headers.AddRange(paramNames.Select(n => "params." + n));
        headers.AddRange(metricNames.Select(n => "metrics." + n));
        var rows = new List<IReadOnlyList<string>>(runs.Count);
        foreach (var run in runs)
        {
            var row = new List<string>
            {
                run.Id.Short,
                run.Name + (run.Deleted ? " (deleted)" : ""),
                run.Status + (run.Dirty ? " dirty" : ""),
                run.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Duration(run.Duration),
                run.AttachedTo[..Math.Min(10, run.AttachedTo.Length)],
                run.Branch ?? "-",
            };
            row.AddRange(paramNames.Select(n => run.Params.TryGetValue(n, out var v) ? v : ValueText.Missing));
            row.AddRange(metricNames.Select(n => run.Metric(n) is { } m ? Number(m.Value) : ValueText.Missing));
            rows.Add(row);
        }
        return new Table(headers, rows);
    }

    public static Table Compare(IReadOnlyList<RunRecord> runs)
    {
        var headers = new List<string> { "" };
        headers.AddRange(runs.Select(r => $"{r.Id.Short} {r.Name}"));
        var rows = new List<IReadOnlyList<string>>
        {
            Row("commit", runs.Select(r => r.AttachedTo[..Math.Min(10, r.AttachedTo.Length)] + (r.Dirty ? " (dirty)" : ""))),
            Row("status", runs.Select(r => r.Status)),
            Row("duration", runs.Select(r => Duration(r.Duration))),
        };
        foreach (string name in runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            rows.Add(Row("params." + name, runs.Select(r => r.Params.TryGetValue(name, out var v) ? v : ValueText.Missing)));
        }
        foreach (string name in runs.SelectMany(r => r.Metrics.Select(m => m.Name)).Distinct().Order(StringComparer.Ordinal))
        {
            double? first = runs[0].Metric(name)?.Value;
            rows.Add(Row("metrics." + name, runs.Select((r, i) => r.Metric(name) is not { } m ? ValueText.Missing
                : i == 0 || first is null ? Number(m.Value)
                : $"{Number(m.Value)} ({Delta(m.Value - first.Value)})")));
        }
        return new Table(headers, rows);
    }

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds < 60 ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : duration.TotalMinutes < 60 ? $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s"
        : $"{(int)duration.TotalHours}h{duration.Minutes:00}m";

    private static string Delta(double delta) => (delta >= 0 ? "+" : "") + Number(delta);

    private static List<string> Row(string label, IEnumerable<string> cells) => [label, .. cells];
}
