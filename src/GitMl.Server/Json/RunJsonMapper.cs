using System.Text.Json;
using GitMl.Server.Tracking;

namespace GitMl.Server.Json;

/// <summary>Runs and experiments as MLflow's API writes them.</summary>
public static class RunJsonMapper
{
    public static ExperimentJson Experiment(Experiment e) => new(
        e.Id, e.Name, e.ArtifactLocation, e.LifecycleStage, e.LastUpdateTime, e.CreationTime,
        e.Tags.Count == 0 ? null : e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueJson(t.Key, t.Value)).ToList());

    public static RunInfoJson Info(RunView view)
    {
        var r = view.Record;
        return new RunInfoJson(
            r.Id.Hex,
            r.Id.Hex,
            r.Name,
            view.ExperimentId,
            r.User,
            r.Status,
            r.Start.ToUnixTimeMilliseconds(),
            view.InProgress ? view.EndTime : r.End.ToUnixTimeMilliseconds(),
            view.ArtifactUri,
            r.Deleted ? LifecycleStage.Deleted : LifecycleStage.Active);
    }

    public static RunJson Run(RunView view)
    {
        var r = view.Record;
        long fallbackTime = (view.EndTime ?? r.Start.ToUnixTimeMilliseconds());
        var metrics = r.Metrics.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m =>
        {
            long timestamp = m.InlinePoints is { Count: > 0 } points ? points.Where(p => p.Step == m.Step).Select(p => p.TimestampMs).DefaultIfEmpty(fallbackTime).Max() : fallbackTime;
            return new MetricJson(m.Name, m.Value, timestamp, m.Step);
        }).ToList();
        var parameters = r.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValueJson(p.Key, p.Value)).ToList();
        var tags = r.Tags.Where(t => !ServerTags.IsHidden(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueJson(t.Key, t.Value)).ToList();
        return new RunJson(
            Info(view),
            new RunDataJson(metrics.Count == 0 ? null : metrics, parameters.Count == 0 ? null : parameters, tags.Count == 0 ? null : tags),
            Inputs(r.Tags),
            Outputs(r.Tags));
    }

    private static RunInputsJson? Inputs(IReadOnlyDictionary<string, string> tags)
    {
        if (!tags.TryGetValue(ServerTags.Inputs, out var json))
        {
            return new RunInputsJson(null, null);
        }
        try
        {
            var stored = JsonSerializer.Deserialize(json, ServerJsonContext.Default.RunInputsJson);
            return stored ?? new RunInputsJson(null, null);
        }
        catch (JsonException)
        {
            return new RunInputsJson(null, null);
        }
    }

    private static RunOutputsJson? Outputs(IReadOnlyDictionary<string, string> tags)
    {
        if (!tags.TryGetValue(ServerTags.Outputs, out var json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, ServerJsonContext.Default.RunOutputsJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
