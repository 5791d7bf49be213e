using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Drift;

namespace GitMl.Cli.Commands;

/// <summary>`git ml drift URI --data PATH`: does new data differ from what the model was trained on? Exit 0 no drift, 1 drift, 2 could not check.</summary>
public static class DriftCommand
{
    public static Command Create(CliContext cli)
    {
        var uri = new Argument<string>("model") { Description = "The model URI, e.g. models:/customer-churn-rf/Production." };
        var data = new Option<string>("--data", "-d") { Description = "The new data (a file; CSV/TSV get per-column statistics).", Required = true };
        var against = new Option<string?>("--against") { Description = "Which training file to compare with, when the model was trained on several." };
        var psi = new Option<double?>("--psi-threshold") { Description = "Population stability index above which a column drifted (default 0.2)." };
        var nulls = new Option<double?>("--null-threshold") { Description = "Change in a column's null fraction above which it drifted (default 0.1)." };
        var json = CommonOptions.Json();
        var command = new Command("drift",
            "Check new data against a model's training data (exit 0: no drift, 1: drift).\n\n" +
            "Compares by hash first (same content: no drift); CSV and TSV files are compared column by column: row count,\n" +
            "nulls, mean and standard deviation, and the population stability index (PSI) with a threshold. The training\n" +
            "data comes from the model's lineage (register models from runs) and is fetched when missing. Exit codes: 0\n" +
            "no drift, 1 drift, 2 the check could not run. Details: docs/drift.md.\n\n" +
            "Examples:\n  git ml drift models:/customer-churn-rf/Production --data incoming/2026-11.csv\n" +
            "  git ml drift models:/churn@champion --data new.csv --psi-threshold 0.1 --json")
        {
            uri, data, against, psi, nulls, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var options = DriftOptions.Default;
            if (r.GetValue(psi) is { } p)
            {
                options = options with { PsiThreshold = p };
            }
            if (r.GetValue(nulls) is { } n)
            {
                options = options with { NullFractionThreshold = n };
            }
            var repo = cli.Repository;
            DriftReport report;
            try
            {
                (_, _, report) = new ModelDriftCheck(repo, cli.BlobStores()).Run(r.GetValue(uri)!, r.GetValue(data)!, cli.WorkingDirectory, r.GetValue(against), options);
            }
            catch (Exception e) when (e is IOException or Core.Objects.ObjectMissingException)
            {
                // Exit 1 means drift to a cron job: a check that could not run must not look like one.
                cli.Error.WriteLine($"git-ml: error: {UserMessage.Of(e)}");
                return ExitCodes.Usage;
            }
            if (r.GetValue(json))
            {
                cli.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, DriftJsonContext.Default.DriftReport));
            }
            else
            {
                cli.Out.Write(DriftReportText.Render(report));
            }
            return report.Drifted ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }
}
