using System.CommandLine;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Metrics;
using GitMl.Core.Plots;

namespace GitMl.Cli.Commands;

/// <summary>`git ml plots show|diff`: the pipeline's declared plots (DVC's plots schema) drawn into one offline HTML page.</summary>
public static class PlotsCommand
{
    private const string DefaultFolder = "ml_plots";

    public static Command Create(CliContext cli) => new("plots",
        "Draw the pipeline's plots, at one revision or several overlaid.\n\n" +
        "Plots are those the pipeline declares, in DVC's plots schema: a stage's `plots:` outputs and the top-level\n" +
        "`plots:` list (x and y fields, templates linear, simple, scatter, smooth, confusion, confusion_normalized,\n" +
        "bar_horizontal; image files as they are). Data files are CSV, TSV, JSON or YAML, read at any revision.\n" +
        "The page is one HTML file with the plots as SVG: it opens offline, runs no script, and holds the data as JSON.")
    {
        Show(cli), Diff(cli),
    };

    private static Command Show(CliContext cli)
    {
        var targets = new Argument<string[]>("target") { Arity = ArgumentArity.ZeroOrMore, Description = "Plot ids or data files (default: every declared plot)." };
        var (output, json) = Options();
        var command = new Command("show",
            "Draw the plots as they are in the working tree.\n\n" +
            "Examples:\n  git ml plots show\n  git ml plots show eval/roc.json -o report\n  git ml plots show --json")
        {
            targets, output, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
            Write(cli, cli.Repository, [RevisionFiles.WorkspaceLabel], r.GetValue(targets) ?? [], r.GetValue(output)!, r.GetValue(json))));
        return command;
    }

    private static Command Diff(CliContext cli)
    {
        var revisions = new Argument<string[]>("rev") { Arity = ArgumentArity.ZeroOrMore, Description = "Revisions to overlay (default: HEAD and workspace)." };
        var targets = new Option<string[]>("--targets") { Description = "Plot ids or data files (default: every declared plot).", AllowMultipleArgumentsPerToken = true };
        var (output, json) = Options();
        var command = new Command("diff",
            "Draw the plots at several revisions, overlaid (one series per revision).\n\n" +
            "With one revision, it is compared with the working tree; with none, HEAD is.\n\n" +
            "Examples:\n  git ml plots diff\n  git ml plots diff main\n  git ml plots diff v1.0 v2.0 --targets train_loss.csv")
        {
            revisions, targets, output, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            string[] names = r.GetValue(revisions) ?? [];
            string[] compared = names.Length switch
            {
                0 => ["HEAD", RevisionFiles.WorkspaceLabel],
                1 => [names[0], RevisionFiles.WorkspaceLabel],
                _ => names,
            };
            return Write(cli, cli.Repository, compared, r.GetValue(targets) ?? [], r.GetValue(output)!, r.GetValue(json));
        }));
        return command;
    }

    private static (Option<string> Output, Option<bool> Json) Options() =>
        (new Option<string>("--out", "-o") { Description = $"Folder for index.html (default: {DefaultFolder}).", DefaultValueFactory = _ => DefaultFolder },
         new Option<bool>("--json") { Description = "Print the plots' data as JSON instead of writing the page." });

    private static int Write(CliContext cli, MlRepository repo, IReadOnlyList<string> names, IReadOnlyList<string> targets, string folder, bool asJson)
    {
        var revisions = names.Select(n => Revisions.Resolve(repo, n)).ToList();
        var plots = PlotsReport.Collect(revisions, targets);
        if (asJson)
        {
            cli.Out.WriteLine(PlotsPage.Json(names, plots).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }
        string page = cli.FullPath(Path.Combine(folder, "index.html"));
        AtomicFile.WriteAllText(page, PlotsPage.Html(names, plots));
        foreach (var problem in plots.SelectMany(p => p.Problems))
        {
            cli.Error.WriteLine($"git-ml: warning: {problem}");
        }
        cli.Out.WriteLine($"Wrote {plots.Count} plot(s) to {new Uri(page).AbsoluteUri}");
        return ExitCodes.Success;
    }
}
