using System.Globalization;
using GitMl.Core.Runs;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// One line of an MLflow metric file, "TIMESTAMP VALUE [STEP]" (MLflow's _get_metric_from_line: Unix milliseconds, a
/// Python float, an optional step that defaults to 0), and MLflow's rule for the value a run shows: the point with the
/// largest (step, timestamp, value).
/// </summary>
internal static class MlflowMetricLine
{
    public static bool TryParse(string line, out MetricPoint point)
    {
        point = default;
        string[] parts = line.Trim().Split(' ');
        if (parts.Length is not (2 or 3)
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long timestamp)
            || !TryParseFloat(parts[1], out double value))
        {
            return false;
        }
        long step = 0;
        if (parts.Length == 3 && !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out step))
        {
            return false;
        }
        point = new MetricPoint(step, value, timestamp);
        return true;
    }

    /// <summary>The point MLflow reports as the metric's value: the largest (step, timestamp, value); NaN counts as the smallest value.</summary>
    public static MetricPoint Latest(IReadOnlyList<MetricPoint> points)
    {
        var latest = points[0];
        foreach (var point in points)
        {
            int order = point.Step.CompareTo(latest.Step);
            if (order == 0)
            {
                order = point.TimestampMs.CompareTo(latest.TimestampMs);
            }
            if (order == 0)
            {
                order = point.Value.CompareTo(latest.Value);
            }
            if (order > 0)
            {
                latest = point;
            }
        }
        return latest;
    }

    /// <summary>A number as Python's float() reads MLflow's output: also "nan", "inf", "-inf" and "infinity" in any case.</summary>
    private static bool TryParseFloat(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan" or "+nan" or "-nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
