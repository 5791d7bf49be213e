namespace GitMl.Core.Drift;

/// <summary>
/// Count, mean, variance, minimum and maximum of a stream of numbers in one pass and constant memory, by Welford's
/// method: it updates the mean and the sum of squared deviations per value, which stays accurate where the textbook
/// sum-of-squares formula loses all precision (large values with a small spread).
/// </summary>
internal sealed class RunningStats
{
    private double _m2;

    public long Count { get; private set; }

    public double Mean { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>The sample standard deviation (n - 1 in the denominator, as pandas' std); null below two values.</summary>
    public double? StandardDeviation => Count < 2 ? null : Math.Sqrt(_m2 / (Count - 1));

    public void Add(double value)
    {
        Count++;
        double delta = value - Mean;
        Mean += delta / Count;
        _m2 += delta * (value - Mean);
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }
}
