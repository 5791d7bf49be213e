using System.CommandLine;
using System.Globalization;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Import.Mlflow;

namespace GitMl.Cli.Commands;

/// <summary>`git ml import mlflow PATH`: an MLflow file store's runs and registered models into git-ml.</summary>
public static class ImportMlflowCommand
{
    public static Command Create(CliContext cli)
    {
        var path = new Argument<string>("PATH") { Description = "The MLflow file store: the mlruns folder (file:// tracking URI) MLflow wrote." };
        var json = CommonOptions.Json();
        var command = new Command("mlflow",
            "Import an MLflow file store (mlruns/): runs into run notes, artifacts into the object store, registered\n" +
            "models into the registry.\n\n" +
            "Runs keep their MLflow run id, name, user, status, times, params, tags and whole metric series; the\n" +
            "experiment becomes the tags mlflow.experimentId and mlflow.experimentName; artifacts become the run's\n" +
            "outputs. A run goes on the commit it recorded (mlflow.source.git.commit) when this repository has it, else\n" +
            "on HEAD (the recorded commit stays in the tag). Runs deleted in MLflow are imported hidden (--deleted).\n" +
            "Model versions keep their numbers, stages (one version per stage: the newest) and aliases, so\n" +
            "models:/NAME/Production and models:/NAME@ALIAS name the same files as in MLflow.\n\n" +
            "Importing again adds nothing: runs and versions already here are left as they are. What cannot be\n" +
            "mapped is reported (stderr, or \"problems\" with --json) and the rest is imported.\n\n" +
            "Examples:\n  git ml import mlflow mlruns\n  git ml import mlflow ~/old-project/mlruns --json")
        {
            path, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var report = new MlflowImporter(cli.Repository).Import(r.GetValue(path)!, VersionCommand.Version);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, MlflowImportJson.From(report), CliJsonContext.Default.MlflowImportJson);
            }
            else
            {
                Print(cli, report);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(CliContext cli, MlflowImportReport report)
    {
        var o = cli.Out;
        string Show(string text) => TerminalText.Escape(text);
        if (report.Runs.Count > 0)
        {
            o.WriteLine($"Imported {report.Runs.Count} run(s) from {Show(report.Store)}:");
            foreach (var run in report.Runs)
            {
                string deleted = run.Deleted ? "; deleted in MLflow, hidden (git ml runs list --deleted)" : "";
                o.WriteLine($"    {run.Id[..8]}  {Show(run.Name)}  experiment {Show(run.ExperimentName)} ({Show(run.ExperimentId)}), on {run.Commit[..8]}{(run.OnFallback ? " (fallback)" : "")}: " +
                    $"{run.Params} param(s), {run.Metrics} metric(s) ({run.Points.ToString(CultureInfo.InvariantCulture)} value(s)), {run.Artifacts} artifact(s){deleted}");
            }
            int fallback = report.Runs.Count(r => r.OnFallback);
            if (fallback > 0)
            {
                o.WriteLine($"{fallback} run(s) went on HEAD ({report.FallbackCommit[..8]}): the commit they recorded (mlflow.source.git.commit) is not in this repository, or they recorded none; it stays in their tags.");
            }
        }
        if (report.RunsAlreadyHere > 0)
        {
            o.WriteLine($"{report.RunsAlreadyHere} run(s) of the store are recorded here already; left as they are.");
        }
        foreach (var model in report.Models.Where(m => m.Versions.Count > 0))
        {
            var parts = new List<string> { $"version(s) {string.Join(", ", model.Versions)}" };
            parts.AddRange(model.Stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));
            parts.AddRange(model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"@{Show(a.Key)}: {a.Value}"));
            o.WriteLine($"Imported model {Show(model.Name)}: {string.Join("; ", parts)}");
        }
        foreach (var problem in report.Problems)
        {
            cli.Error.WriteLine($"git-ml: warning: {Show(problem.Path)} {Show(problem.Reason)}");
        }
        if (report.NothingImported)
        {
            o.WriteLine(report.RunsAlreadyHere > 0 || report.Models.Count > 0
                ? "Nothing new to import: what this store holds is here already."
                : "Nothing to import: the store holds no runs or registered models.");
        }
        else
        {
            o.WriteLine("Runs: git ml runs list --all; models: git ml model list. Share them with git push (or git ml push).");
        }
    }
}
