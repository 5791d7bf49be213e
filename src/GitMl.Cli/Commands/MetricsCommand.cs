using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Metrics;

namespace GitMl.Cli.Commands;

/// <summary>`git ml metrics show|diff`: the pipeline's metrics at any revision.</summary>
public static class MetricsCommand
{
    public static Command Create(CliContext cli) => new("metrics",
        "Show and compare metrics at any revision.\n\n" +
        "Metrics files are those the pipeline declares (a stage's `metrics:` outputs, the top-level `metrics:` list),\n" +
        "read from any commit as DVC's commands do, or named with --targets. JSON, YAML and TOML; nested keys are\n" +
        "flattened with dots.")
    {
        Show(cli), ValueDiffCommand.Create(cli, ValueKind.Metrics),
    };

    private static Command Show(CliContext cli)
    {
        var revisionNames = new Argument<string[]>("rev") { Arity = ArgumentArity.ZeroOrMore, Description = "Revisions to show, side by side (default: workspace, the working tree)." };
        var allBranches = new Option<bool>("--all-branches", "-a") { Description = "Every local branch's tip, and the working tree." };
        var options = new ValueOptions();
        var command = new Command("show",
            "Show metrics: one row per metric, one column per revision.\n\n" +
            "Examples:\n  git ml metrics show\n  git ml metrics show HEAD~1 HEAD workspace\n  git ml metrics show --all-branches --md")
        {
            revisionNames, allBranches,
        };
        options.AddTo(command);
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            string[] names = r.GetValue(revisionNames) ?? [];
            IReadOnlyList<RevisionFiles> revisions = r.GetValue(allBranches)
                ? Revisions.AllBranches(repo)
                : (names.Length == 0 ? [RevisionFiles.WorkspaceLabel] : names).Select(n => Revisions.Resolve(repo, n)).ToList();
            var values = ValueSources.Collect(revisions, ValueKind.Metrics, options.TargetsOf(r));
            var table = ValueTables.Show(values, ValueKind.Metrics, r.GetValue(options.Precision));
            options.Print(cli, r, table, values, () => CommonOptions.WriteJson(cli.Out, ValuesJson.Show(values), CliJsonContext.Default.DictionaryStringDictionaryStringDictionaryStringJsonNode));
            return ExitCodes.Success;
        }));
        return command;
    }
}
