namespace GitMl.Core.Drift;

/// <summary>
/// A CSV or TSV file that cannot be read as a table: an unterminated quote, a row with more or fewer fields than the
/// header, text after a closing quote, no header row. The message names the file and the line (1-based, the physical
/// line where the problem is, or where the offending record or quoted field starts) and says what to fix.
/// </summary>
public sealed class CsvFormatException(string file, long line, string problem)
    : FormatException($"{file}:{line}: {problem}")
{
    /// <summary>The display name of the file (as given to the reader).</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line number.</summary>
    public long Line { get; } = line;

    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; } = problem;
}
