using System.Globalization;

namespace GitMl.Core.Drift;

/// <summary>
/// The verdict on one column from both sides' scans: drift when the column is on one side only, when its kind
/// changes, when its PSI is above the threshold, or when its null fraction moves by more than the threshold.
/// </summary>
internal static class ColumnComparison
{
    public static ColumnDrift OnlyInReference(string name, ColumnScan reference, long rows) =>
        new(name, reference.Kind, reference.Stats(rows), null, null, true, "missing from the current data");

    public static ColumnDrift OnlyInCurrent(string name, ColumnScan current, long rows) =>
        new(name, current.Kind, null, current.Stats(rows), null, true, "not in the reference data");

    public static ColumnDrift Compare(
        string name,
        ColumnScan reference,
        long referenceRows,
        (NumericBins? Numeric, CategoryBins? Categorical) bins,
        ColumnScan current,
        long currentRows,
        DriftOptions options)
    {
        var referenceStats = reference.Stats(referenceRows);
        var currentStats = current.Stats(currentRows);
        double? psi = Psi(reference.Kind, bins, current);
        var reasons = new List<string>();
        if (referenceStats.Kind != currentStats.Kind)
        {
            reasons.Add($"kind changed from {Word(referenceStats.Kind)} to {Word(currentStats.Kind)}");
        }
        if (psi > options.PsiThreshold)
        {
            reasons.Add($"PSI {Number(psi.Value)} above {Number(options.PsiThreshold)}");
        }
        double nullChange = Math.Abs(currentStats.NullFraction - referenceStats.NullFraction);
        if (nullChange > options.NullFractionThreshold)
        {
            reasons.Add($"null fraction {Percent(referenceStats.NullFraction)} -> {Percent(currentStats.NullFraction)} "
                + $"(change {Percent(nullChange)} above {Percent(options.NullFractionThreshold)})");
        }
        return new ColumnDrift(
            name,
            referenceStats.Kind,
            referenceStats,
            currentStats,
            psi,
            reasons.Count > 0,
            reasons.Count > 0 ? string.Join("; ", reasons) : "within thresholds");
    }

    /// <summary>
    /// The PSI over the reference's bins; null when a side has no values, or when the reference is numeric and the
    /// current side is not (its non-numbers have no numeric bin).
    /// </summary>
    private static double? Psi(ColumnKind referenceKind, (NumericBins? Numeric, CategoryBins? Categorical) bins, ColumnScan current)
    {
        if (current.BinCounts is not { } counts)
        {
            return null;
        }
        return referenceKind switch
        {
            ColumnKind.Numeric when current.Kind == ColumnKind.Numeric => Drift.Psi.FromCounts(bins.Numeric!.ReferenceCounts, counts),
            ColumnKind.Categorical => Drift.Psi.FromCounts(bins.Categorical!.ReferenceCounts, counts),
            _ => null,
        };
    }

    internal static string Word(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => "numeric",
        ColumnKind.Categorical => "categorical",
        _ => "empty",
    };

    internal static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    internal static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
