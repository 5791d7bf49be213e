using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace GitMl.Core.Params;

/// <summary>
/// Reads TOML params and metrics files (TOML 1.1, through Tomlyn's syntax tree, which checks the syntax and the
/// table rules: a key or table defined twice, a table extending an inline table, ...) into a JSON tree. Two choices
/// are ours, as before Tomlyn: dates and times are refused with a clear error (quote them to use them as strings: a
/// params file rarely holds one, and no JSON type would keep it), and integers beyond 64 bits are read (as Python,
/// and so DVC, reads them) up to <see cref="InputLimits.MaxIntegerDigits"/> digits. Errors are told in our words
/// (<see cref="TomlErrors"/>), with the file and line.
/// </summary>
internal static class TomlSource
{
    // Tomlyn's own nesting limit only guards its recursive parser's stack; ours (InputLimits.MaxDepth) is checked
    // first, as values are counted, and gives the error.
    private static readonly TomlSerializerOptions Options = new() { MaxDepth = InputLimits.MaxDepth + 16 };

    /// <exception cref="PipelineFormatException">Not valid TOML (or a date), or beyond <see cref="InputLimits"/>; names the file and line.</exception>
    public static JsonObject Load(string text, string file)
    {
        InputLimits.CheckSize(text, file);
        CountValues(text, file);
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, Options, file, validate: true);
        }
        catch (TomlException e)
        {
            throw TomlErrors.From(e, file);
        }
        TomlErrors.ThrowFirst(document, file, IsWideInteger);
        return new TomlTreeBuilder(file).Build(document);
    }

    /// <summary>
    /// Counts the values and the nesting with Tomlyn's event parser, which builds nothing, before the syntax tree (a
    /// few hundred bytes a value) is built: a file of a million values is refused at no memory cost. The count stops
    /// at the first syntax error; the syntax tree then reports it (or reads an integer beyond 64 bits, and counts the
    /// rest as it is built).
    /// </summary>
    private static void CountValues(string text, string file)
    {
        var budget = new InputBudget(file);
        var parser = TomlParser.Create(text, new TomlParserOptions { Mode = TomlParserMode.Tolerant }, Options);
        int depth = 0;
        int line = 1;
        while (parser.MoveNext())
        {
            var current = parser.Current;
            line = current.Line > 0 ? current.Line : line;
            switch (current.Kind)
            {
                case TomlParseEventKind.StartTable or TomlParseEventKind.StartArray:
                    budget.CheckDepth(++depth, line);
                    budget.Add(1, line);
                    break;
                case TomlParseEventKind.EndTable or TomlParseEventKind.EndArray:
                    depth--;
                    break;
                case TomlParseEventKind.String or TomlParseEventKind.Integer or TomlParseEventKind.Float
                    or TomlParseEventKind.Boolean or TomlParseEventKind.DateTime:
                    budget.Add(1, line);
                    break;
            }
        }
    }

    /// <summary>
    /// True for an error Tomlyn reports at a well-formed integer it cannot hold in 64 bits: git-ml reads it (see the
    /// class summary).
    /// </summary>
    private static bool IsWideInteger(DiagnosticMessage error, SyntaxNode? node) =>
        node is IntegerValueSyntax { Token: { } token } && token.Span.Start.Offset == error.Span.Start.Offset && TomlInteger.IsWellFormed(token.Text!);
}

/// <summary>TOML integers as text: decimal with an optional sign, or 0x, 0o, 0b; digits with single underscores between them.</summary>
internal static class TomlInteger
{
    public static bool IsWellFormed(string text)
    {
        var (digits, isDigit) = Split(text);
        if (digits.Length == 0 || digits[0] == '_' || digits[^1] == '_' || digits.Contains("__", StringComparison.Ordinal) || !digits.All(c => c == '_' || isDigit(c)))
        {
            return false;
        }
        return HasRadixPrefix(text) || digits.Length == 1 || digits[0] != '0';
    }

    /// <summary>The value of a well-formed integer, of any size.</summary>
    /// <exception cref="PipelineFormatException">It has more than <see cref="InputLimits.MaxIntegerDigits"/> digits.</exception>
    public static BigInteger Parse(string text, string file, int line)
    {
        var (digits, _) = Split(text);
        string plain = digits.Replace("_", "", StringComparison.Ordinal);
        InputLimits.CheckIntegerDigits(plain.Length, file, line);
        int radix = HasRadixPrefix(text) ? text[1] switch { 'x' => 16, 'o' => 8, _ => 2 } : 10;
        var value = radix == 10
            ? BigInteger.Parse(plain, CultureInfo.InvariantCulture)
            : plain.Aggregate(BigInteger.Zero, (acc, c) => acc * radix + HexValue(c));
        return text[0] == '-' ? -value : value;
    }

    private static (string Digits, Func<char, bool> IsDigit) Split(string text)
    {
        if (HasRadixPrefix(text))
        {
            return text[1] switch
            {
                'x' => (text[2..], char.IsAsciiHexDigit),
                'o' => (text[2..], c => c is >= '0' and <= '7'),
                _ => (text[2..], c => c is '0' or '1'),
            };
        }
        return (text.TrimStart('+', '-'), char.IsAsciiDigit);
    }

    private static bool HasRadixPrefix(string text) => text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'o' or 'b';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (char.ToLowerInvariant(c) - 'a') + 10;
}
