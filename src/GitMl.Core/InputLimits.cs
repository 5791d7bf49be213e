using GitMl.Core.Pipelines;

namespace GitMl.Core;

/// <summary>
/// How much structured text git-ml reads from one file that someone else may have written (ml.yaml, dvc.yaml, params
/// and metrics files, lock files, .dvc files: YAML, JSON or TOML). Real files stay far below these; a file beyond
/// them is refused with an error that names the file and the line, instead of exhausting memory, time or the stack
/// (an alias bomb, 100,000 nested brackets). docs/security.md lists them.
/// </summary>
public static class InputLimits
{
    /// <summary>The largest file read, in characters (about bytes for ASCII text).</summary>
    public const int MaxChars = 8 * 1024 * 1024;

    /// <summary>
    /// The most values (scalars, lists and mappings) one file may hold, counting every alias (*name) as the
    /// values it repeats: the bound on the tree built in memory.
    /// </summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>The deepest nesting of lists and mappings (through aliases too).</summary>
    public const int MaxDepth = 128;

    /// <summary>The longest integer read, in digits: Python's own limit for converting text to int (sys.int_info.default_max_str_digits).</summary>
    public const int MaxIntegerDigits = 4300;

    /// <exception cref="PipelineFormatException">The text is longer than <see cref="MaxChars"/>.</exception>
    public static void CheckSize(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxChars)
        {
            throw new PipelineFormatException(file, null,
                $"the file is {IO.ByteSize.Format(text.Length)} long; git-ml reads pipeline, params, metrics and lock files of up to {IO.ByteSize.Format(MaxChars)}");
        }
    }

    /// <exception cref="PipelineFormatException">The number has more than <see cref="MaxIntegerDigits"/> digits.</exception>
    public static void CheckIntegerDigits(int digits, string file, int? line)
    {
        if (digits > MaxIntegerDigits)
        {
            throw new PipelineFormatException(file, line, $"an integer of {digits:N0} digits; git-ml reads integers of up to {MaxIntegerDigits:N0} digits (as Python does)");
        }
    }
}

/// <summary>
/// Counts the values and the nesting of one file as a parser builds them, and stops the parser with an error naming
/// the file and line once it goes beyond <see cref="InputLimits"/>. One per file read.
/// </summary>
internal sealed class InputBudget(string file)
{
    private long _nodes;

    public string File { get; } = file;

    /// <summary>Counts <paramref name="nodes"/> more values (more than one for an alias, which repeats a whole subtree).</summary>
    /// <exception cref="PipelineFormatException">The file now holds more than <see cref="InputLimits.MaxNodes"/>.</exception>
    public void Add(long nodes, int? line, bool throughAlias = false)
    {
        _nodes += nodes;
        if (_nodes > InputLimits.MaxNodes)
        {
            throw new PipelineFormatException(File, line, throughAlias
                ? $"aliases (*name) here expand the file beyond {InputLimits.MaxNodes:N0} values, the most git-ml reads from one file (an alias bomb?); write the values out or use fewer aliases"
                : $"the file holds more than {InputLimits.MaxNodes:N0} values, the most git-ml reads from one file; split it");
        }
    }

    /// <exception cref="PipelineFormatException"><paramref name="depth"/> is beyond <see cref="InputLimits.MaxDepth"/>.</exception>
    public void CheckDepth(int depth, int? line, bool throughAlias = false)
    {
        if (depth > InputLimits.MaxDepth)
        {
            throw new PipelineFormatException(File, line, throughAlias
                ? $"an alias (*name) here nests values more than {InputLimits.MaxDepth} levels deep, the most git-ml reads"
                : $"values are nested more than {InputLimits.MaxDepth} levels deep here, the most git-ml reads");
        }
    }
}
