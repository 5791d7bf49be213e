using System.Globalization;
using System.Text;
using GitMl.Core.IO;

namespace GitMl.Core.Metrics;

/// <summary>
/// A table of text cells, written as plain aligned columns (DVC's layout: no borders, two spaces between columns, easy
/// to copy), as a GitHub-flavoured Markdown table (for pull requests and CI reports) or as CSV. Cells hold text from
/// the repository: every control character is escaped visibly (<see cref="TerminalText"/>), in text and Markdown
/// newlines and tabs too, so a cell stays on its line.
/// </summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    private static readonly System.Buffers.SearchValues<char> NumberCharacters = System.Buffers.SearchValues.Create("0123456789.eE+-");

    /// <summary>Aligned columns, one line per row after the header; lines end with LF and carry no trailing blanks.</summary>
    public string ToText()
    {
        var headers = Headers.Select(TerminalText.Escape).ToList();
        var rows = Rows.Select(r => (IReadOnlyList<string>)r.Select(TerminalText.Escape).ToList()).ToList();
        int[] widths = Widths(headers, rows);
        var sb = new StringBuilder();
        foreach (var line in rows.Prepend(headers))
        {
            sb.Append(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// RFC 4180 CSV with a header row: a cell with a comma, quote or line break is quoted, quotes doubled; lines end
    /// with LF. Control characters other than tab and newline are escaped (\u001b), and a text cell that a spreadsheet
    /// would run as a formula (starting with =, +, -, @ or a tab) starts with a ' (OWASP's advice); numbers stay as they are.
    /// `--json` has the exact values.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        foreach (var line in Rows.Prepend(Headers))
        {
            sb.Append(string.Join(',', line.Select(CsvCell))).Append('\n');
        }
        return sb.ToString();
    }

    private static string CsvCell(string cell)
    {
        cell = TerminalText.EscapeLines(cell);
        // "-" alone is the missing-value mark; a formula needs more than its first character.
        if (cell.Length > 1 && cell[0] is '=' or '+' or '-' or '@' or '\t' && !IsNumber(cell))
        {
            cell = "'" + cell;
        }
        return cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    /// <summary>A number as tables write them (-0.5, +1e-05, -inf), which no spreadsheet reads as a formula.</summary>
    private static bool IsNumber(string cell) =>
        cell is "-inf" or "+inf" or "-nan" or "+nan"
        || (cell.AsSpan(1).IndexOfAnyExcept(NumberCharacters) < 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    /// <summary>A Markdown table; a `|` in a cell is escaped, and so are control characters.</summary>
    public string ToMarkdown()
    {
        var headers = Headers.Select(MarkdownCell).ToList();
        var rows = Rows.Select(r => (IReadOnlyList<string>)r.Select(MarkdownCell).ToList()).ToList();
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

    private static string MarkdownCell(string cell) => TerminalText.Escape(cell).Replace("|", "\\|", StringComparison.Ordinal);

    private static int[] Widths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows) =>
        headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
}
