namespace GitMl.Core.Drift;

/// <summary>
/// PSI bins of a categorical column: one per most frequent reference value (at most the configured number), and one
/// "other" bin for every other value, including categories the reference never had. Capping the bins keeps the PSI
/// meaningful for high-cardinality columns, where hundreds of tiny bins would each add noise.
/// </summary>
internal sealed class CategoryBins
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private CategoryBins(Dictionary<string, int> index, long[] referenceCounts)
    {
        _index = index;
        _lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        ReferenceCounts = referenceCounts;
    }

    /// <summary>The named categories plus "other".</summary>
    public int Count => _index.Count + 1;

    /// <summary>The reference's count per bin (exact for the named categories; the rest in "other").</summary>
    public IReadOnlyList<long> ReferenceCounts { get; }

    /// <summary>Bins from the reference's counts: its <paramref name="maxCategories"/> most frequent values, and other.</summary>
    public static CategoryBins From(CategoryCounts counts, long totalValues, int maxCategories)
    {
        var top = counts.Top(maxCategories);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        long[] referenceCounts = new long[top.Count + 1];
        foreach (var (value, count) in top)
        {
            referenceCounts[index.Count] = count;
            index.Add(value, index.Count);
        }
        referenceCounts[^1] = totalValues - top.Sum(p => p.Value);
        return new CategoryBins(index, referenceCounts);
    }

    /// <summary>The bin of <paramref name="value"/>; the last bin is "other".</summary>
    public int IndexOf(ReadOnlySpan<char> value) => _lookup.TryGetValue(value, out int index) ? index : _index.Count;
}
