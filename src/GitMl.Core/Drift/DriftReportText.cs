using System.Globalization;
using System.Text;
using GitMl.Core.Metrics;

namespace GitMl.Core.Drift;

/// <summary>
/// The plain-text form of a <see cref="DriftReport"/> that `git ml drift` prints: per file a heading line (names and
/// verdict), the row counts, then one aligned line per column, drifted columns marked with <c>!</c> in the first
/// column; a last summary line starting with <c>drift:</c> or <c>no drift:</c>. Lines end with LF.
/// </summary>
public static class DriftReportText
{
    private static readonly string[] Headers = ["", "column", "kind", "nulls", "mean", "std", "psi", "result"];

    /// <summary>The report as text, ready to print; every line ends with LF.</summary>
    public static string Render(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        foreach (var file in report.Files)
        {
            AppendFile(sb, file);
        }
        int driftedFiles = report.Files.Count(f => f.Drifted);
        int driftedColumns = report.Files.Sum(f => f.Columns.Count(c => c.Drifted));
        sb.Append(report.Drifted ? "drift: " : "no drift: ")
            .Append(CultureInfo.InvariantCulture, $"{driftedFiles} of {report.Files.Count} {Plural(report.Files.Count, "file", "files")} drifted");
        if (driftedColumns > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({driftedColumns} {Plural(driftedColumns, "column", "columns")})");
        }
        return sb.Append('\n').ToString();
    }

    private static void AppendFile(StringBuilder sb, FileDrift file)
    {
        sb.Append(file.Reference).Append(" -> ").Append(file.Current).Append(": ");
        if (file.HashesIdentical)
        {
            sb.Append("identical content (sha256 ").Append(file.ReferenceSha256.AsSpan(0, 12)).Append("), no drift\n");
            return;
        }
        sb.Append(file.Reason).Append('\n');
        if (!file.ColumnsCompared)
        {
            return;
        }
        sb.Append(CultureInfo.InvariantCulture, $"rows {file.ReferenceRows} -> {file.CurrentRows}\n");
        var rows = file.Columns.Select(Row).ToList();
        sb.Append(new Table(Headers, rows).ToText());
    }

    private static IReadOnlyList<string> Row(ColumnDrift column) =>
    [
        column.Drifted ? "!" : "",
        column.Name,
        KindText(column),
        Change(column.Reference?.NullFraction, column.Current?.NullFraction, ColumnComparison.Percent),
        Change(column.Reference?.Mean, column.Current?.Mean, Number),
        Change(column.Reference?.StdDev, column.Current?.StdDev, Number),
        column.Psi is { } psi ? psi.ToString("0.000", CultureInfo.InvariantCulture) : "-",
        column.Reason,
    ];

    private static string KindText(ColumnDrift column)
    {
        var before = column.Reference?.Kind;
        var after = column.Current?.Kind;
        return before is { } b && after is { } a && a != b
            ? $"{ColumnComparison.Word(b)} -> {ColumnComparison.Word(a)}"
            : ColumnComparison.Word(column.Kind);
    }

    private static string Change(double? before, double? after, Func<double, string> format) =>
        before is null && after is null ? "-" : $"{(before is { } b ? format(b) : "-")} -> {(after is { } a ? format(a) : "-")}";

    /// <summary>Up to four decimals for everyday magnitudes, scientific notation for very large or small ones.</summary>
    private static string Number(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude != 0 && (magnitude >= 1e9 || magnitude < 1e-3)
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
    }

    private static string Plural(int n, string one, string many) => n == 1 ? one : many;
}
