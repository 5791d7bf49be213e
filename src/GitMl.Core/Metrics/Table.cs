using System.Text;

namespace GitMl.Core.Metrics;

/// <summary>
/// A table of text cells, written as plain aligned columns (DVC's layout: no borders, two spaces between columns, easy
/// to copy) or as a GitHub-flavoured Markdown table (for pull requests and CI reports).
/// </summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Aligned columns, one line per row after the header; lines end with LF and carry no trailing blanks.</summary>
    public string ToText()
    {
        int[] widths = Widths(Headers, Rows);
        var sb = new StringBuilder();
        foreach (var line in Rows.Prepend(Headers))
        {
            sb.Append(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>RFC 4180 CSV with a header row: a cell with a comma, quote or line break is quoted, quotes doubled; lines end with LF.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        foreach (var line in Rows.Prepend(Headers))
        {
            sb.Append(string.Join(',', line.Select(CsvCell))).Append('\n');
        }
        return sb.ToString();
    }

    private static string CsvCell(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    /// <summary>A Markdown table; a `|` in a cell is escaped.</summary>
    public string ToMarkdown()
    {
        var headers = Headers.Select(Escape).ToList();
        var rows = Rows.Select(r => (IReadOnlyList<string>)r.Select(Escape).ToList()).ToList();
        int[] widths = Widths(headers, rows).Select(w => Math.Max(w, 3)).ToArray();
        var sb = new StringBuilder();
        Line(sb, headers.Select((h, i) => h.PadRight(widths[i])));
        Line(sb, widths.Select(w => new string('-', w)));
        foreach (var row in rows)
        {
            Line(sb, row.Select((cell, i) => cell.PadRight(widths[i])));
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, IEnumerable<string> cells) =>
        sb.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static int[] Widths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows) =>
        headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
}
