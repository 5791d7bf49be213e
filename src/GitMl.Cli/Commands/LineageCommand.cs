using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Lineage;

namespace GitMl.Cli.Commands;

/// <summary>`git ml lineage TARGET` and `git ml lineage verify URI`: where a model or result came from, and whether its data is approved.</summary>
public static class LineageCommand
{
    public static Command Create(CliContext cli)
    {
        var target = new Argument<string>("target") { Description = "A model URI (models:/NAME/VERSION|STAGE|latest, models:/NAME@ALIAS), a run id, or a file a model version or run produced." };
        var json = CommonOptions.Json();
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart (for docs and pull requests)." };
        var command = new Command("lineage",
            "Show where a model came from: version -> run -> commit -> params -> data -> metrics.\n\n" +
            "Reads the registry, the run notes and the approved-data file (.mlapproved); each training input is marked\n" +
            "approved or not. `git ml lineage verify URI` fails (exit 1) when any training input is not approved.\n\n" +
            "Examples:\n  git ml lineage models:/customer-churn-rf/Production\n  git ml lineage 3f2a9c1b --json\n" +
            "  git ml lineage models/model.pkl --mermaid\n  git ml lineage verify models:/customer-churn-rf/Staging")
        {
            target, json, mermaid, Verify(cli),
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var reports = new LineageTracer(repo).Trace(r.GetValue(target)!, cli.WorkingDirectory);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, reports.Select(LineageJson.From).ToList(), CliJsonContext.Default.ListLineageJson);
            }
            else if (r.GetValue(mermaid))
            {
                cli.Out.Write(LineageText.Mermaid(reports));
            }
            else
            {
                cli.Out.Write(string.Join("\n", reports.Select(LineageText.Render)));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Verify(CliContext cli)
    {
        var uri = new Argument<string>("target") { Description = "A model URI (or a run id)." };
        var json = CommonOptions.Json();
        var command = new Command("verify", "Fail (exit 1) unless every training input of the model is approved (git ml data approve).") { uri, json };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var reports = new LineageTracer(repo).Trace(r.GetValue(uri)!, cli.WorkingDirectory);
            bool ok = reports.All(report => report.Data.Count > 0 && report.Unapproved.Count == 0);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, reports.Select(LineageJson.From).ToList(), CliJsonContext.Default.ListLineageJson);
                return ok ? ExitCodes.Success : ExitCodes.Failure;
            }
            foreach (var report in reports)
            {
                if (report.Data.Count == 0)
                {
                    cli.Error.WriteLine($"git-ml: {report.Subject} records no training data, so it cannot be verified: register models from runs (git ml model register NAME --run RUN_ID).");
                }
                else if (report.Unapproved.Count > 0)
                {
                    cli.Error.WriteLine($"git-ml: {report.Subject} was trained on data that is not approved:");
                    foreach (var file in report.Unapproved)
                    {
                        cli.Error.WriteLine($"  {file.Path}  {file.Oid[..12]}");
                    }
                    cli.Error.WriteLine("Review it; approve it with: git ml data approve PATH -m WHY (at a commit where PATH has that content).");
                }
                else
                {
                    cli.Out.WriteLine($"{report.Subject}: all {report.Data.Count} training input(s) approved.");
                }
            }
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
