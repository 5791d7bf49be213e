using System.Runtime.InteropServices;
using GitMl.Core.Objects;
using GitMl.Core.Runs;

namespace GitMl.Server.Tracking;

/// <summary>
/// Turns a run logged through the API into a git-ml run record (docs/spec/run-notes.md): the same record for a
/// snapshot while it runs and for its note when it ends. Metric series are summarized by
/// <see cref="MetricHistory.Summarize"/> (a long series goes to the store as one object), the experiment goes into
/// <see cref="ServerTags"/>, the artifacts become the run's outputs (paths relative to its artifact root).
/// </summary>
public static class RunRecords
{
    /// <summary>The record of a run (under its lock). <paramref name="store"/> is null for a snapshot: series stay inline.</summary>
    public static RunRecord From(ActiveRun run, Experiment? experiment, ObjectStore? store, string gitMlVersion)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(run.StartTime);
        var end = run.EndTime is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(e, run.StartTime)) : start;
        var tags = new Dictionary<string, string>(run.Tags, StringComparer.Ordinal)
        {
            [ServerTags.RunName] = run.Name,
            [ServerTags.ExperimentId] = run.ExperimentId,
        };
        if (experiment is not null)
        {
            tags[ServerTags.ExperimentName] = experiment.Name;
        }
        var metrics = run.Metrics.Select(m => store is null
                ? Snapshot(m.Key, m.Value)
                : MetricHistory.Summarize(m.Key, m.Value, store))
            .ToList();
        RunId? parent = run.Tags.TryGetValue(ServerTags.ParentRunId, out var p) && RunId.TryParse(p, out var parentId) ? parentId : null;
        IReadOnlyList<string> command = run.Tags.TryGetValue(ServerTags.SourceName, out var source) ? ["mlflow", source] : ["mlflow"];
        return new RunRecord(
            run.Id,
            run.Name,
            run.Status,
            run.User,
            Environment.MachineName,
            start,
            end,
            null,
            command,
            run.Commit,
            run.Branch,
            false,
            null,
            new Dictionary<string, string>(run.Params, StringComparer.Ordinal),
            metrics,
            tags,
            [],
            [.. run.Artifacts.Values],
            parent,
            gitMlVersion,
            RuntimeInformation.OSDescription)
        {
            Deleted = run.Deleted,
        };
    }

    private static RunMetric Snapshot(string name, List<MetricPoint> series)
    {
        var last = series[0];
        foreach (var point in series)
        {
            if (point.Step >= last.Step)
            {
                last = point;
            }
        }
        return new RunMetric(name, last.Value, last.Step, series.Count, series.Count <= RunMetric.MaxInlinePoints ? [.. series] : [last], null);
    }
}
