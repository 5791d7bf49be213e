using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace GitMl.Cli;

/// <summary>
/// What a command line that does not parse gets: each problem in a sentence of ours on stderr, where to read the
/// command's usage, and exit 2 (<see cref="ExitCodes.Usage"/>). System.CommandLine's own report would exit 1,
/// bury the problem above the whole help text, and name .NET types ("System.Nullable`1[System.Int32]").
/// </summary>
public static partial class ParseErrors
{
    /// <summary>The problems of a parsed command line, in our words; empty when it can run.</summary>
    public static List<string> Problems(ParseResult result)
    {
        // An unknown option first: System.CommandLine takes "--typo" for a value of an argument, which leads
        // either to a confusing follow-on error or, for commands taking patterns or paths, to no error at all.
        var unknown = UnknownOptions(result);
        if (unknown.Count > 0)
        {
            return unknown.Select(option => $"unknown option '{option}'").ToList();
        }
        var errors = result.Errors.ToList();
        if (errors.Any(e => e.Message.StartsWith(Unrecognized, StringComparison.Ordinal)))
        {
            // "nosuch" is the problem; that no command was given follows from it.
            errors.RemoveAll(e => e.Message.StartsWith(NoCommand, StringComparison.Ordinal));
        }
        return errors.Select(error => Describe(error, result.CommandResult)).ToList();
    }

    public static int Report(TextWriter error, ParseResult result, IReadOnlyList<string> problems)
    {
        foreach (string problem in problems)
        {
            error.WriteLine($"git-ml: error: {problem}");
        }
        error.WriteLine($"See 'git ml {Path(result.CommandResult)}--help' for usage.");
        return ExitCodes.Usage;
    }

    /// <summary>
    /// Tokens that look like long options ("--name") but went to a command's argument: no option of that name
    /// exists. Tokens after "--" are values whatever they look like; a command that passes unknown tokens on
    /// (the hook runner) is left alone.
    /// </summary>
    private static List<string> UnknownOptions(ParseResult result)
    {
        var tokens = result.Tokens;
        int doubleDash = -1;
        for (int i = 0; i < tokens.Count && doubleDash < 0; i++)
        {
            doubleDash = tokens[i].Type == TokenType.DoubleDash ? i : -1;
        }
        var literal = new HashSet<Token>(doubleDash < 0 ? [] : tokens.Skip(doubleDash + 1), ReferenceEqualityComparer.Instance);
        var unknown = new List<string>();
        for (SymbolResult? at = result.CommandResult; at is CommandResult command; at = at.Parent)
        {
            if (!command.Command.TreatUnmatchedTokensAsErrors)
            {
                return [];
            }
            foreach (var argument in command.Children.OfType<ArgumentResult>())
            {
                unknown.AddRange(argument.Tokens
                    .Where(t => t.Value.Length > 2 && t.Value.StartsWith("--", StringComparison.Ordinal) && char.IsLetter(t.Value[2]) && !literal.Contains(t))
                    .Select(t => t.Value));
            }
        }
        return unknown;
    }

    private static string Describe(ParseError error, CommandResult command)
    {
        // A value that does not convert: say which value, for what, and what is expected instead of a .NET type.
        if (CannotParse().Match(error.Message) is { Success: true } parse)
        {
            return $"'{parse.Groups["value"].Value}' is not a valid value for {parse.Groups["what"].Value}: expected {Expected(parse.Groups["type"].Value)}";
        }
        if (error.Message.StartsWith(NoCommand, StringComparison.Ordinal))
        {
            var names = command.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            return $"'git ml {Path(command).TrimEnd()}' needs a command: {string.Join(", ", names)}";
        }
        if (error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var arguments = command.Command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => $"<{a.Name}>");
            return $"'git ml {Path(command).TrimEnd()}' needs {string.Join(" ", arguments)}";
        }
        if (error.Message.StartsWith(Unrecognized, StringComparison.Ordinal) && command.Command is RootCommand)
        {
            return $"{error.Message.TrimEnd('.')[Unrecognized.Length..]} is not a git ml command (git ml --help lists them)";
        }
        // System.CommandLine's other messages are plain English sentences; they end without our punctuation.
        string message = error.Message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "the command line does not parse";
    }

    private const string NoCommand = "Required command was not provided";

    private const string Unrecognized = "Unrecognized command or argument ";

    /// <summary>What a value of a .NET type looks like, in words.</summary>
    private static string Expected(string typeName) => typeName switch
    {
        _ when typeName.Contains("Int32", StringComparison.Ordinal) || typeName.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when typeName.Contains("Double", StringComparison.Ordinal) || typeName.Contains("Single", StringComparison.Ordinal) || typeName.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a value of another form (see --help)",
    };

    /// <summary>System.CommandLine's conversion error: "Cannot parse argument 'abc' for option '--jobs' as expected type 'System.Int32'."</summary>
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command|argument) '(?<what>.*)' as expected type '(?<type>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    /// <summary>The command's path after "git ml", with a trailing space ("runs show "), or "" for the root.</summary>
    private static string Path(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is CommandResult c && c.Command is not RootCommand; at = at.Parent)
        {
            names.Insert(0, c.Command.Name);
        }
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}
