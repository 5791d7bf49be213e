using System.Globalization;

namespace GitMl.Core.Drift;

/// <summary>
/// How a cell's text is read: null or not, number or not. The rules follow what pandas and R write for a missing value,
/// so a column exported by either reads the same here.
/// </summary>
public static class CellValues
{
    /// <summary>
    /// Whether the cell is a missing value: empty, or (ignoring case and surrounding blanks) NA, N/A, null, NaN or None.
    /// </summary>
    public static bool IsNull(ReadOnlySpan<char> cell)
    {
        var text = cell.Trim();
        return text.IsEmpty
            || text.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || text.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || text.Equals("null", StringComparison.OrdinalIgnoreCase)
            || text.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || text.Equals("None", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads a finite number in the invariant culture (sign, decimals, exponent, surrounding blanks; no thousands
    /// separators). Infinities are not numbers here: a mean or a bin edge cannot use them, so a column holding one is
    /// categorical.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
