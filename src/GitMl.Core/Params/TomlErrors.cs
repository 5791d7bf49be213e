using System.Text.RegularExpressions;
using GitMl.Core.Pipelines;
using Tomlyn;
using Tomlyn.Syntax;

namespace GitMl.Core.Params;

/// <summary>
/// Tells Tomlyn's diagnostics in our words (what is wrong and what to do), with the file and line. A diagnostic we do
/// not know is passed on as Tomlyn says it: a plain English sentence, never a resource key. The table is tested
/// (TomlParamsTests, TomlComplianceTests) so that a Tomlyn update that rewords a message is noticed.
/// </summary>
internal static partial class TomlErrors
{
    private static readonly (Regex Pattern, Func<Match, string> Problem)[] Known =
    [
        (AlreadyDefined(), m => $"the key `{m.Groups["key"].Value}` is defined twice: it already holds a value (set at line {m.Groups["line"].Value})"),
        (new Regex("Invalid newline in a string|End-Of-File found on string", RegexOptions.CultureInvariant),
            _ => "a string is not closed on its line (close it with the quote it opens with, or use \"\"\" for text over several lines)"),
        (new Regex("End-Of-File found for multi-line string", RegexOptions.CultureInvariant),
            _ => "a multi-line string is not closed with the \"\"\" or ''' it opens with"),
        (new Regex("Unexpected token `<eof>` for a value", RegexOptions.CultureInvariant), _ => "expected a value after `=`"),
        (new Regex("Unexpected token `(?<token>[^`]*)` for a value", RegexOptions.CultureInvariant),
            m => $"`{m.Groups["token"].Value}` is not a TOML value (strings must be quoted)"),
        (new Regex("leading zero .* `(?<token>[^`]*)`", RegexOptions.CultureInvariant), m => $"`{m.Groups["token"].Value}`: TOML integers cannot have leading zeros"),
        (new Regex("found `(?<token>[^`]*)` .*expecting token `newline`", RegexOptions.CultureInvariant),
            m => $"unexpected `{m.Groups["token"].Value}` after a value (one key = value per line)"),
        (new Regex("closing `\\]` for an array", RegexOptions.CultureInvariant), _ => "an array is not closed with `]` (or a `,` is missing between its values)"),
        (new Regex("while parsing inline table", RegexOptions.CultureInvariant), _ => "an inline table is not closed with `}` (or a `,` is missing between its entries)"),
        (new Regex("escape character \\[(?<char>.)\\]", RegexOptions.CultureInvariant),
            m => $"unknown escape `\\{m.Groups["char"].Value}` in a string (use '...' for text with backslashes)"),
        (new Regex("Expecting `=` after a key", RegexOptions.CultureInvariant), _ => "expected `=` after the key"),
    ];

    [GeneratedRegex("The key `(?<key>.*)` is already defined at \\((?<line>\\d+),\\d+\\)", RegexOptions.CultureInvariant)]
    private static partial Regex AlreadyDefined();

    /// <summary>Throws the first error of <paramref name="document"/> that <paramref name="tolerated"/> does not accept.</summary>
    /// <param name="tolerated">Given an error and the syntax node it starts at (if any), true to read past it.</param>
    /// <exception cref="PipelineFormatException">There is such an error.</exception>
    public static void ThrowFirst(DocumentSyntax document, string file, Func<DiagnosticMessage, SyntaxNode?, bool> tolerated)
    {
        if (!document.HasErrors)
        {
            return;
        }
        var starts = document.Descendants().OfType<ValueSyntax>()
            .GroupBy(n => n.Span.Start.Offset)
            .ToDictionary(g => g.Key, g => (SyntaxNode)g.First());
        foreach (var error in document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error))
        {
            if (!tolerated(error, starts.GetValueOrDefault(error.Span.Start.Offset)))
            {
                throw new PipelineFormatException(file, error.Span.Start.Line + 1, Problem(error.Message));
            }
        }
    }

    /// <summary>An error Tomlyn throws rather than reports (nesting beyond its own limit).</summary>
    public static PipelineFormatException From(TomlException e, string file) =>
        e.Message.Contains("maximum depth", StringComparison.Ordinal)
            ? new PipelineFormatException(file, e.Line ?? 1, $"values are nested more than {InputLimits.MaxDepth} levels deep here, the most git-ml reads")
            : new PipelineFormatException(file, e.Line, Problem(e.Message));

    private static string Problem(string message)
    {
        foreach (var (pattern, problem) in Known)
        {
            var match = pattern.Match(message);
            if (match.Success)
            {
                return "not valid TOML: " + problem(match);
            }
        }
        string said = message.TrimEnd('.', ' ');
        return "not valid TOML: " + (said.Length > 0 ? char.ToLowerInvariant(said[0]) + said[1..] : "Tomlyn gave no reason");
    }
}
