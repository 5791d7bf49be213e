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
        using var stream = store.OpenRead(oid);
        Parse(stream, points);
        return points;
    }

    /// <summary>
    /// Reads the CSV a long series is stored as (header, then `step,value,timestamp_ms` lines, up to the first empty
    /// line) straight from UTF-8 bytes in 1 MB blocks: no string per line or per field, so a 100,000-point history
    /// parses in a few milliseconds (the UI's Compare page reads ten of them at once).
    /// </summary>
    /// <exception cref="FormatException">A line is not three numbers.</exception>
    internal static void Parse(Stream stream, List<MetricPoint> points)
    {
        byte[] buffer = new byte[1 << 20];
        int filled = 0;
        bool header = true;
        while (true)
        {
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            bool end = read == 0;
            int start = 0;
            while (true)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start);
                if (newline < 0 && !end)
                {
                    break;
                }
                int stop = newline < 0 ? filled : newline;
                var line = buffer.AsSpan(start, stop - start);
                if (line.EndsWith("\r"u8))
                {
                    line = line[..^1];
                }
                if (header)
                {
                    header = false;
                }
                else if (line.IsEmpty)
                {
                    return;
                }
                else
                {
                    points.Add(Point(line));
                }
                if (newline < 0)
                {
                    return;
                }
                start = newline + 1;
            }
            if (start == 0 && filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the block: no valid line is, but do not loop forever
            }
            Array.Copy(buffer, start, buffer, 0, filled - start);
            filled -= start;
        }
    }

    private static MetricPoint Point(ReadOnlySpan<byte> line)
    {
        int first = line.IndexOf((byte)',');
        int second = first < 0 ? -1 : line[(first + 1)..].IndexOf((byte)',');
        if (second >= 0)
        {
            second += first + 1;
        }
        if (first < 0 || second < 0
            || !long.TryParse(line[..first], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step)
            || !double.TryParse(line[(first + 1)..second], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !long.TryParse(line[(second + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long timestamp))
        {
            throw new FormatException($"a metric history line is not step,value,timestamp_ms: {Encoding.UTF8.GetString(line[..Math.Min(line.Length, 80)])}");
        }
        return new MetricPoint(step, value, timestamp);
    }
}
