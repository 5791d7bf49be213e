namespace GitMl.Core.Drift;

/// <summary>
/// PSI bins of a numeric column, cut at the reference's quantiles: with k bins, the edges are the reference values at
/// ranks ⌈i·n/k⌉ (i = 1..k−1) of the sorted sample, duplicates removed. Bin 0 is (−∞, e₁], bin j is (eⱼ, eⱼ₊₁], the
/// last is (eₖ₋₁, +∞): values beyond the reference's range still land in the outer bins. A column with few distinct
/// values gets fewer bins (a constant column gets two: at most the constant, and above it).
/// </summary>
internal sealed class NumericBins
{
    private readonly double[] _edges;

    private NumericBins(double[] edges, long[] referenceCounts)
    {
        _edges = edges;
        ReferenceCounts = referenceCounts;
    }

    public int Count => _edges.Length + 1;

    /// <summary>The reference sample's count per bin (the sample stands for the whole column).</summary>
    public IReadOnlyList<long> ReferenceCounts { get; }

    /// <summary>Bins from the reference's sample in ascending order; null for an empty sample.</summary>
    public static NumericBins? FromSorted(double[] sorted, int bins)
    {
        if (sorted.Length == 0)
        {
            return null;
        }
        var edges = new List<double>();
        for (int i = 1; i < bins; i++)
        {
            long rank = ((long)i * sorted.Length + bins - 1) / bins;
            double edge = sorted[Math.Max(0, rank - 1)];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }
        if (edges.Count == 0)
        {
            edges.Add(sorted[0]);
        }
        double[] edgeArray = [.. edges];
        long[] counts = new long[edgeArray.Length + 1];
        foreach (double value in sorted)
        {
            counts[IndexOf(edgeArray, value)]++;
        }
        return new NumericBins(edgeArray, counts);
    }

    /// <summary>The bin of <paramref name="value"/>: the number of edges strictly below it.</summary>
    public int IndexOf(double value) => IndexOf(_edges, value);

    private static int IndexOf(double[] edges, double value)
    {
        int index = Array.BinarySearch(edges, value);
        return index >= 0 ? index : ~index;
    }
}
