namespace GitMl.Core.Drift;

/// <summary>
/// A uniform random sample of at most <c>capacity</c> numbers from a stream of any length (Vitter's algorithm R): the
/// first <c>capacity</c> values are kept, and the n-th value after that replaces a random kept one with probability
/// capacity / n. Memory is bounded by the capacity, not the stream.
/// </summary>
/// <remarks>
/// The random generator has a fixed seed, so the same file always gives the same sample, the same PSI bin edges and
/// the same report. A stream no longer than the capacity is kept whole, so small files get exact quantiles.
/// </remarks>
internal sealed class ReservoirSample(int capacity, int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<double> _values = [];

    /// <summary>How many values were offered (not how many are kept).</summary>
    public long Seen { get; private set; }

    public void Add(double value)
    {
        Seen++;
        if (_values.Count < capacity)
        {
            _values.Add(value);
            return;
        }
        long slot = _random.NextInt64(Seen);
        if (slot < capacity)
        {
            _values[(int)slot] = value;
        }
    }

    /// <summary>Drops the kept values (the column turned out not to be numeric).</summary>
    public void Release()
    {
        _values.Clear();
        _values.TrimExcess();
    }

    /// <summary>The kept values in ascending order (a copy).</summary>
    public double[] Sorted()
    {
        double[] sorted = [.. _values];
        Array.Sort(sorted);
        return sorted;
    }
}
