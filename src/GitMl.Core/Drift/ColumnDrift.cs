namespace GitMl.Core.Drift;

/// <summary>
/// The comparison of one column. <see cref="Reference"/> or <see cref="Current"/> is null when the column exists on
/// one side only; <see cref="Psi"/> is null when no distribution could be compared (a column on one side only, no
/// non-null values on a side, or a numeric reference whose current values are not all numbers). <see cref="Reason"/>
/// says in words why the column drifted, or that it is within the thresholds.
/// </summary>
/// <param name="Name">The column name from the header.</param>
/// <param name="Kind">The reference's kind, or the current one for a column only the current data has.</param>
/// <param name="Reference">The reference side's statistics.</param>
/// <param name="Current">The current side's statistics.</param>
/// <param name="Psi">The population stability index over the reference's bins.</param>
/// <param name="Drifted">Whether the column counts as drift.</param>
/// <param name="Reason">Why, in words (several reasons are joined with "; ").</param>
public sealed record ColumnDrift(
    string Name,
    ColumnKind Kind,
    ColumnStats? Reference,
    ColumnStats? Current,
    double? Psi,
    bool Drifted,
    string Reason);
