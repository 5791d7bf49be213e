namespace GitMl.Core.Runs;

/// <summary>What a run's commands logged (<see cref="RunLogFile"/>): metric series by name, params, tags, artifacts, and warnings about lines that could not be read.</summary>
public sealed class RunLog
{
    public Dictionary<string, List<MetricPoint>> Metrics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public List<string> Artifacts { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>A value without a step gets the next step of its series (0, 1, 2, ...), as MLflow does for unstepped values.</summary>
    public void AddMetric(string name, double value, long? step, long timestampMs)
    {
        if (!Metrics.TryGetValue(name, out var series))
        {
            Metrics[name] = series = [];
        }
        long resolved = step ?? (series.Count == 0 ? 0 : series[^1].Step + 1);
        series.Add(new MetricPoint(resolved, value, timestampMs));
    }
}
