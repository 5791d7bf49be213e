using System.Globalization;
using System.Text;
using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>
/// Turns a logged series into a <see cref="RunMetric"/>: the last value is the one with the highest step (the latest
/// logged among equal steps); a series longer than <see cref="RunMetric.MaxInlinePoints"/> is written to the object
/// store as CSV (`step,value,timestamp_ms` lines, values in round-trip form) and referenced by its oid, so notes stay
/// small and a million-point series costs one linear write.
/// </summary>
public static class MetricHistory
{
    public const string Header = "step,value,timestamp_ms";

    public static RunMetric Summarize(string name, IReadOnlyList<MetricPoint> series, ObjectStore store)
    {
        var last = series[0];
        foreach (var point in series)
        {
            if (point.Step >= last.Step)
            {
                last = point;
            }
        }
        return Summarize(name, series, last, store);
    }

    /// <summary>
    /// The same, with the point the run shows as the metric's value chosen by the caller: an import keeps the rule of
    /// the tool the series comes from (MLflow's is the largest step, then timestamp, then value).
    /// </summary>
    public static RunMetric Summarize(string name, IReadOnlyList<MetricPoint> series, MetricPoint last, ObjectStore store)
    {
        if (series.Count <= RunMetric.MaxInlinePoints)
        {
            return new RunMetric(name, last.Value, last.Step, series.Count, series.ToList(), null);
        }
        var text = new StringBuilder(series.Count * 24).Append(Header).Append('\n');
        foreach (var point in series)
        {
            text.Append(point.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Value.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        var stored = store.Add(Encoding.UTF8.GetBytes(text.ToString()));
        return new RunMetric(name, last.Value, last.Step, series.Count, null, stored.Oid);
    }

    /// <summary>The whole series of a metric: inline, or read back from the store.</summary>
    /// <exception cref="ObjectMissingException">The series is in an object this clone does not have (fetch it with `git ml fetch`).</exception>
    public static IReadOnlyList<MetricPoint> Points(RunMetric metric, ObjectStore store)
    {
        if (metric.InlinePoints is { } inline)
        {
            return inline;
        }
        if (metric.HistoryOid is not { } oid)
        {
            return [];
        }
        var points = new List<MetricPoint>((int)Math.Min(metric.Count, 10_000_000));
        using var reader = new StreamReader(store.OpenRead(oid), Encoding.UTF8);
        reader.ReadLine();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            string[] parts = line.Split(',');
            points.Add(new MetricPoint(
                long.Parse(parts[0], CultureInfo.InvariantCulture),
                double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture)));
        }
        return points;
    }
}
