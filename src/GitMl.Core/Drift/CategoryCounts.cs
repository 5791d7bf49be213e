namespace GitMl.Core.Drift;

/// <summary>
/// Exact counts of a column's distinct values, for at most <see cref="MaxTracked"/> distinct values: after that,
/// values not seen before are counted together as untracked. An identifier column with millions of distinct values
/// thus costs a bounded amount of memory. The most frequent categories of a real categorical column appear early and
/// are counted exactly; a category first seen after the limit falls in "other", which is where the PSI puts
/// everything outside the most frequent few anyway.
/// </summary>
internal sealed class CategoryCounts
{
    /// <summary>The most distinct values counted one by one.</summary>
    public const int MaxTracked = 10_000;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Values that were not tracked because the limit was reached.</summary>
    public long Untracked { get; private set; }

    public void Add(ReadOnlySpan<char> value)
    {
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out long count))
        {
            lookup[value] = count + 1;
        }
        else if (_counts.Count < MaxTracked)
        {
            _counts.Add(value.ToString(), 1);
        }
        else
        {
            Untracked++;
        }
    }

    /// <summary>The <paramref name="count"/> most frequent values, most frequent first, ties in ordinal order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Top(int count) =>
        _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).ToList();

    /// <summary>Forgets the counts (the column turned out to be numeric).</summary>
    public void Release()
    {
        _counts.Clear();
        _counts.TrimExcess();
    }
}
