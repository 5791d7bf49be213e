namespace GitMl.Core.Drift;

/// <summary>
/// Thresholds and limits of a drift check. A column drifts when its PSI is above <see cref="PsiThreshold"/> or its
/// null fraction changes by more than <see cref="NullFractionThreshold"/> (absolute, in fraction of rows); a file
/// drifts when a column drifts, a column is added or removed or changes kind, or (only when
/// <see cref="RowCountChangeThreshold"/> is set) its row count changes by more than that relative amount.
/// </summary>
/// <remarks>
/// The row-count check is off by default because new data is usually a different amount of data (a day's traffic
/// against a year's training set) without being different data; turn it on for fixed-size batches.
/// </remarks>
public sealed record DriftOptions
{
    /// <summary>The default options.</summary>
    public static DriftOptions Default { get; } = new();

    /// <summary>PSI above this is drift. Default 0.2, the level commonly read as a significant shift.</summary>
    public double PsiThreshold { get; init; } = 0.2;

    /// <summary>An absolute change of the null fraction above this is drift. Default 0.1 (ten points of rows).</summary>
    public double NullFractionThreshold { get; init; } = 0.1;

    /// <summary>A relative change of the row count above this is drift (0.5 = ±50 %); null (the default) turns the check off.</summary>
    public double? RowCountChangeThreshold { get; init; }

    /// <summary>Quantile bins of a numeric column's PSI. Default 10 (deciles).</summary>
    public int NumericBins { get; init; } = 10;

    /// <summary>Most frequent categories that get a PSI bin of their own; the rest share "other". Default 50.</summary>
    public int MaxCategories { get; init; } = 50;

    /// <summary>Numbers per reference column sampled for the quantile bin edges. Default 100,000 (800 KB per column).</summary>
    public int SampleSize { get; init; } = 100_000;

    /// <summary>The sample's random seed: the same data always gives the same report.</summary>
    public int Seed { get; init; } = 20_240_601;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a negative or NaN threshold or a limit below its minimum.</summary>
    internal void Validate()
    {
        NonNegative(PsiThreshold, nameof(PsiThreshold));
        NonNegative(NullFractionThreshold, nameof(NullFractionThreshold));
        if (RowCountChangeThreshold is { } rows)
        {
            NonNegative(rows, nameof(RowCountChangeThreshold));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(NumericBins, 2, nameof(NumericBins));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCategories, 1, nameof(MaxCategories));
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleSize, 1, nameof(SampleSize));
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a number at least 0");
        }
    }
}
