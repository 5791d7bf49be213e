using System.CommandLine;
using GitMl.Core.Metrics;

namespace GitMl.Cli.Commands;

/// <summary>The options `metrics show`, `metrics diff` and `params diff` share, and how their results are printed.</summary>
internal sealed class ValueOptions
{
    public Option<bool> Json { get; } = CommonOptions.Json();

    public Option<bool> Markdown { get; } = new("--md") { Description = "Print a Markdown table (for pull requests and CI reports)." };

    public Option<string[]> Targets { get; } = new("--targets")
    {
        Description = "Read these files (paths from the top of the working tree) instead of those the pipeline declares.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int?> Precision { get; } = new("--precision")
    {
        Description = "Round floats to N digits after the point in tables (default: every digit the file has, without binary noise).",
    };

    public void AddTo(Command command)
    {
        command.Add(Json);
        command.Add(Markdown);
        command.Add(Targets);
        command.Add(Precision);
    }

    public IReadOnlyList<string> TargetsOf(ParseResult r) => r.GetValue(Targets) ?? [];

    /// <summary>Prints the table as text or Markdown, or <paramref name="json"/> with --json; warnings go to stderr.</summary>
    public void Print(CliContext cli, ParseResult r, Table table, IEnumerable<RevisionValues> read, Action json)
    {
        if (r.GetValue(Json) && r.GetValue(Markdown))
        {
            throw new ArgumentException("choose one of --json and --md");
        }
        if (r.GetValue(Precision) is < 0)
        {
            throw new ArgumentException("--precision takes a number of digits, 0 or more");
        }
        foreach (string problem in read.SelectMany(v => v.Problems))
        {
            cli.Error.WriteLine($"git-ml: warning: {problem}");
        }
        if (r.GetValue(Json))
        {
            json();
        }
        else if (table.Rows.Count > 0)
        {
            cli.Out.Write(r.GetValue(Markdown) ? table.ToMarkdown() : table.ToText());
        }
    }
}
