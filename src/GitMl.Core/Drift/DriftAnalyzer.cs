using System.Globalization;

namespace GitMl.Core.Drift;

/// <summary>
/// Compares new data with the data a model was trained on. First by content hash: the same sha256 is no drift, and
/// nothing more is read. Then, when both files are CSV or TSV (<see cref="TabularFormat"/>), column by column: the
/// reference is read once (statistics, a bounded sample for the numeric bin edges, bounded category counts), then the
/// current data once (statistics and counts per reference bin). Other files with different hashes are drift.
/// </summary>
/// <remarks>
/// Memory is bounded whatever the file sizes: per column a running mean and variance (Welford), at most
/// <see cref="DriftOptions.SampleSize"/> sampled numbers and <see cref="CategoryCounts.MaxTracked"/> category counts on
/// the reference side, and one count per bin on the current side. Exact quantiles would need the whole column in
/// memory (or a sort on disk); a uniform sample of 100,000 values places decile edges within about 0.2 percentile
/// points of the true ones, far below what moves a PSI near its 0.2 threshold, and a fixed seed keeps reports
/// reproducible. The reference's bin fractions come from the same sample, so a reference compared with itself
/// (without hashes) gives a PSI near, not exactly, zero once it has more rows than the sample holds.
/// </remarks>
public static class DriftAnalyzer
{
    /// <summary>Compares one reference file with one current file: a report with one <see cref="FileDrift"/>.</summary>
    /// <exception cref="CsvFormatException">A CSV/TSV side cannot be read as a table (names the file and line).</exception>
    /// <exception cref="FormatException">A given sha256 is not 64 hex digits.</exception>
    public static DriftReport Compare(DriftInput reference, DriftInput current, DriftOptions options) =>
        DriftReport.Of([CompareFile(reference, current, options)]);

    /// <summary>Compares one reference file with one current file.</summary>
    /// <exception cref="CsvFormatException">A CSV/TSV side cannot be read as a table (names the file and line).</exception>
    /// <exception cref="FormatException">A given sha256 is not 64 hex digits.</exception>
    public static FileDrift CompareFile(DriftInput reference, DriftInput current, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string referenceHash = reference.ContentHash();
        string currentHash = current.ContentHash();
        if (referenceHash == currentHash)
        {
            return new FileDrift(reference.Name, current.Name, referenceHash, currentHash, true, false, false,
                "identical content (same sha256)", null, null, []);
        }
        if (TabularFormat.DelimiterOf(reference.Name) is not { } referenceDelimiter
            || TabularFormat.DelimiterOf(current.Name) is not { } currentDelimiter)
        {
            return new FileDrift(reference.Name, current.Name, referenceHash, currentHash, false, false, true,
                "content differs; no per-column statistics for this file type", null, null, []);
        }

        var referenceScan = TableScan.Read(reference.Open(), reference.Name, referenceDelimiter,
            _ => ColumnScan.Reference(options.SampleSize, options.Seed));
        var bins = referenceScan.Scans.Select(s => s.Bins(options.NumericBins, options.MaxCategories)).ToArray();
        var referenceIndex = Index(referenceScan.Columns);
        var currentScan = TableScan.Read(current.Open(), current.Name, currentDelimiter,
            name => referenceIndex.TryGetValue(name, out int i) ? CurrentScan(bins[i]) : ColumnScan.StatisticsOnly());

        var columns = Columns(referenceScan, bins, currentScan, options);
        var driftedColumns = columns.Where(c => c.Drifted).Select(c => c.Name).ToList();
        string columnReason = driftedColumns.Count == 0
            ? $"no column drifted ({columns.Count} compared)"
            : $"{driftedColumns.Count} of {columns.Count} columns drifted: {string.Join(", ", driftedColumns)}";
        string? rowReason = RowCountReason(referenceScan.Rows, currentScan.Rows, options);
        return new FileDrift(reference.Name, current.Name, referenceHash, currentHash, false, true,
            driftedColumns.Count > 0 || rowReason is not null,
            rowReason is null ? columnReason : $"{rowReason}; {columnReason}",
            referenceScan.Rows, currentScan.Rows, columns);
    }

    private static ColumnScan CurrentScan((NumericBins? Numeric, CategoryBins? Categorical) bins) =>
        bins.Numeric is not null ? ColumnScan.Current(bins.Numeric)
        : bins.Categorical is not null ? ColumnScan.Current(bins.Categorical)
        : ColumnScan.StatisticsOnly();

    private static List<ColumnDrift> Columns(
        TableScan reference, (NumericBins?, CategoryBins?)[] bins, TableScan current, DriftOptions options)
    {
        var currentIndex = Index(current.Columns);
        var columns = new List<ColumnDrift>();
        for (int i = 0; i < reference.Columns.Count; i++)
        {
            string name = reference.Columns[i];
            columns.Add(currentIndex.TryGetValue(name, out int j)
                ? ColumnComparison.Compare(name, reference.Scans[i], reference.Rows, bins[i], current.Scans[j], current.Rows, options)
                : ColumnComparison.OnlyInReference(name, reference.Scans[i], reference.Rows));
        }
        var referenceIndex = Index(reference.Columns);
        for (int j = 0; j < current.Columns.Count; j++)
        {
            if (!referenceIndex.ContainsKey(current.Columns[j]))
            {
                columns.Add(ColumnComparison.OnlyInCurrent(current.Columns[j], current.Scans[j], current.Rows));
            }
        }
        return columns;
    }

    /// <summary>The row-count reason when that check is on and the relative change is above its threshold.</summary>
    private static string? RowCountReason(long referenceRows, long currentRows, DriftOptions options)
    {
        if (options.RowCountChangeThreshold is not { } threshold || referenceRows == currentRows)
        {
            return null;
        }
        double change = referenceRows == 0 ? double.PositiveInfinity : Math.Abs(currentRows - referenceRows) / (double)referenceRows;
        if (change <= threshold)
        {
            return null;
        }
        string changeText = double.IsFinite(change) ? ColumnComparison.Percent(change) : "from none";
        return string.Create(CultureInfo.InvariantCulture,
            $"rows {referenceRows} -> {currentRows} (change {changeText} above {ColumnComparison.Percent(threshold)})");
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> columns) =>
        columns.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
}
