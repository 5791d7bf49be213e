namespace GitMl.Core.Drift;

/// <summary>
/// One side's statistics of a column. <see cref="Mean"/>, <see cref="StdDev"/> (sample, n − 1), <see cref="Min"/> and
/// <see cref="Max"/> are set only for numeric columns (and the standard deviation only from two values on), so the
/// record never holds NaN or an infinity and serializes to plain JSON.
/// </summary>
public sealed record ColumnStats(
    ColumnKind Kind,
    long Rows,
    long Nulls,
    double NullFraction,
    double? Mean,
    double? StdDev,
    double? Min,
    double? Max);
