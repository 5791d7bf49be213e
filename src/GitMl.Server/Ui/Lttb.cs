using GitMl.Core.Runs;

namespace GitMl.Server.Ui;

/// <summary>
/// Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the first and last point and, from each of
/// <c>maxPoints - 2</c> equal buckets in between, the point that forms the largest triangle with the point kept before
/// it and the mean of the next bucket. A million-step series drawn as 2,000 points keeps its peaks and its shape.
/// </summary>
public static class Lttb
{
    /// <param name="points">The series in the order to draw it (by step).</param>
    /// <param name="maxPoints">At least 3; a series that short or shorter is returned as it is.</param>
    public static IReadOnlyList<MetricPoint> Downsample(IReadOnlyList<MetricPoint> points, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (maxPoints < 3 || points.Count <= maxPoints)
        {
            return points;
        }
        var kept = new List<MetricPoint>(maxPoints) { points[0] };
        double bucketSize = (points.Count - 2) / (double)(maxPoints - 2);
        int previous = 0;
        for (int bucket = 0; bucket < maxPoints - 2; bucket++)
        {
            int start = (int)(bucket * bucketSize) + 1;
            int end = Math.Min((int)((bucket + 1) * bucketSize) + 1, points.Count - 1);
            int nextStart = end;
            int nextEnd = Math.Min((int)((bucket + 2) * bucketSize) + 1, points.Count);
            double meanX = 0, meanY = 0;
            for (int i = nextStart; i < nextEnd; i++)
            {
                meanX += points[i].Step;
                meanY += Finite(points[i].Value);
            }
            int nextCount = Math.Max(nextEnd - nextStart, 1);
            meanX /= nextCount;
            meanY /= nextCount;
            double ax = points[previous].Step, ay = Finite(points[previous].Value);
            double largest = -1;
            int chosen = start;
            for (int i = start; i < end; i++)
            {
                double area = Math.Abs(((ax - meanX) * (Finite(points[i].Value) - ay)) - ((ax - points[i].Step) * (meanY - ay)));
                if (area > largest)
                {
                    largest = area;
                    chosen = i;
                }
            }
            kept.Add(points[chosen]);
            previous = chosen;
        }
        kept.Add(points[^1]);
        return kept;
    }

    // NaN and infinities (MLflow accepts them) must not poison the areas; they are still kept as points when chosen.
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
