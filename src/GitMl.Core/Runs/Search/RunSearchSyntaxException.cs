using System.Text;

namespace GitMl.Core.Runs.Search;

/// <summary>
/// A filter or an order that does not parse, or that asks for something that cannot work (LIKE on a metric, a
/// string compared to a metric with &gt;). Thrown at parse time, never while evaluating runs. The message names
/// what was expected, the 0-based <see cref="Position"/>, and shows the input with a caret under that position:
/// <code>
/// expected a comparison operator after 'metrics.acc' at position 12:
///   metrics.acc ~ 0.9
///               ^
/// </code>
/// followed, when there is one, by a hint line saying what works.
/// </summary>
public sealed class RunSearchSyntaxException : FormatException
{
    public RunSearchSyntaxException(string problem, string input, int position, string? hint = null)
        : base(Describe(problem, input, position, hint))
    {
        Problem = problem;
        Input = input;
        Position = position;
        Hint = hint;
    }

    /// <summary>What was expected or what is wrong, without the position and the input.</summary>
    public string Problem { get; }

    /// <summary>The text that was parsed (the filter, or the order).</summary>
    public string Input { get; }

    /// <summary>0-based index into <see cref="Input"/>; equal to its length when the input ended too early.</summary>
    public int Position { get; }

    /// <summary>What works instead, when the parser can say.</summary>
    public string? Hint { get; }

    private static string Describe(string problem, string input, int position, string? hint)
    {
        // Tabs and line breaks would move the caret away from the character it points at: show them as spaces.
        var shown = new StringBuilder(input.Length);
        foreach (char c in input)
        {
            shown.Append(char.IsControl(c) ? ' ' : c);
        }
        string text = $"{problem} at position {position}:\n  {shown}\n  {new string(' ', position)}^";
        return hint is null ? text : text + "\n" + hint;
    }
}
