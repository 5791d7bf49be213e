using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Pipelines.Repro;

namespace GitMl.Cli.Commands;

/// <summary>`git ml repro`: run the pipeline stages whose inputs changed.</summary>
public static class ReproCommand
{
    public static Command Create(CliContext cli)
    {
        var targets = new Argument<string[]>("target") { Arity = ArgumentArity.ZeroOrMore, Description = "Stages to reproduce, with what they depend on (default: all)." };
        var force = new Option<bool>("--force", "-f") { Description = "Run the selected stages' commands even if nothing changed (without the run cache)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say which stages would run, and why." };
        var downstream = new Option<bool>("--downstream") { Description = "Reproduce the targets and what depends on them." };
        var keepGoing = new Option<bool>("--keep-going", "-k") { Description = "After a failure, go on with the stages that do not depend on it." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Independent stages to run at once (default 1).", DefaultValueFactory = _ => 1 };
        var noRunCache = new Option<bool>("--no-run-cache") { Description = "Always run, even when an earlier run with the same inputs can be restored." };
        var json = CommonOptions.Json();
        var command = new Command("repro",
            "Run the pipeline stages whose inputs changed.\n\n" +
            "Reads ml.yaml (or dvc.yaml: DVC's schema), compares every stage with ml.lock (dvc.lock) and runs the\n" +
            "ones whose command, dependencies, parameters or outputs changed, in dependency order, saying why. Outputs\n" +
            "are stored by git-ml and the lock file is updated after each stage; commit both afterwards. Outputs are\n" +
            "deleted before their stage runs, so a pipeline declaring one git-ml must not delete (in .git, the working\n" +
            "tree itself, through a link out of it, or a folder Git tracks) is refused before anything runs.\n\n" +
            "Examples:\n  git ml repro\n  git ml repro train --dry-run\n  git ml repro --jobs 4 --keep-going")
        {
            targets, force, dryRun, downstream, keepGoing, jobs, noRunCache, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var pipeline = Pipeline.Require(repo, cli.BlobStores());
            var options = new ReproOptions(r.GetValue(targets) ?? [], r.GetValue(force), r.GetValue(dryRun), r.GetValue(downstream),
                r.GetValue(keepGoing), Math.Max(1, r.GetValue(jobs)), !r.GetValue(noRunCache));
            bool asJson = r.GetValue(json);
            var result = pipeline.Reproduce(options, asJson ? TextWriter.Null : cli.Out);
            if (asJson)
            {
                CommonOptions.WriteJson(cli.Out, result.Stages.Select(StageResultJson.From).ToList(), CliJsonContext.Default.ListStageResultJson);
            }
            else
            {
                Report(cli, result, pipeline, options.DryRun);
            }
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static void Report(CliContext cli, ReproResult result, Pipeline pipeline, bool dryRun)
    {
        foreach (var stage in result.Stages)
        {
            string why = string.Join("; ", stage.Reasons);
            switch (stage.Outcome)
            {
                case StageOutcome.UpToDate:
                    cli.Out.WriteLine($"Stage '{stage.Stage}' is up to date.");
                    break;
                case StageOutcome.WouldRun:
                    cli.Out.WriteLine($"Stage '{stage.Stage}' would run: {why}.");
                    break;
                case StageOutcome.Frozen:
                    cli.Out.WriteLine($"Stage '{stage.Stage}' is frozen: not checked.");
                    break;
                case StageOutcome.Failed:
                    cli.Error.WriteLine($"git-ml: stage '{stage.Stage}' failed: {stage.Error}");
                    break;
                case StageOutcome.SkippedAfterFailure:
                    cli.Error.WriteLine($"git-ml: stage '{stage.Stage}' was not run: {stage.Error}");
                    break;
            }
        }
        bool changed = result.Stages.Any(s => s.Outcome is StageOutcome.Ran or StageOutcome.Restored);
        if (!dryRun && result.Succeeded && !changed && !result.Stages.Any(s => s.Outcome == StageOutcome.WouldRun))
        {
            cli.Out.WriteLine("Pipeline is up to date: nothing to reproduce.");
        }
        if (changed)
        {
            cli.Out.WriteLine($"To keep this result: git add {Path.GetFileName(pipeline.Lock.Path)} .gitattributes <outputs> && git commit");
        }
    }
}
