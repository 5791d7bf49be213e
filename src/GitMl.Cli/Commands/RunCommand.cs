using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Runs;

namespace GitMl.Cli.Commands;

/// <summary>`git ml run -- COMMAND...` / `git ml run --repro [TARGET...]`: run and record an experiment run.</summary>
public static class RunCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore, Description = "The command to run, after --; with --repro, the stages to reproduce (default: all)." };
        var name = new Option<string?>("--name", "-n") { Description = "A name for the run (default: the program's name and 4 id digits)." };
        var set = new Option<string[]>("--set", "-S") { Description = "KEY=VALUE: a param for this run (repeatable); recorded, and passed to the command as GIT_ML_PARAM_KEY and in $GIT_ML_PARAMS_FILE.", AllowMultipleArgumentsPerToken = false };
        var tag = new Option<string[]>("--tag", "-t") { Description = "KEY=VALUE: a tag for the run (repeatable).", AllowMultipleArgumentsPerToken = false };
        var allowDirty = new Option<bool>("--allow-dirty") { Description = "Run even with uncommitted changes; the run is marked dirty with a hash of the diff." };
        var repro = new Option<bool>("--repro") { Description = "Run the pipeline (git ml repro) as one run: its params, metrics files, lock hashes and outputs are recorded." };
        var json = CommonOptions.Json();
        var cmd = new Command("run",
            "Run a command as a tracked experiment run, recorded on the current commit.\n\n" +
            "Runs the command, then records the run as a Git note on the commit it ran from: name, user, host, times,\n" +
            "exit status, command, commit and branch, params (the pipeline's params files, params.yaml otherwise, and\n" +
            "--set), metrics, tags, data lineage (hashes from ml.lock, or every git-ml file), outputs and the parent run.\n" +
            "The command logs without any library: it gets GIT_ML_RUN_ID and GIT_ML_RUN_DIR, and either calls\n" +
            "`git ml log metric loss 0.31 --step 12` or appends JSON lines such as {\"metric\":\"loss\",\"value\":0.31,\"step\":12}\n" +
            "to $GIT_ML_RUN_DIR/log.jsonl. A dirty tree is refused unless --allow-dirty. Runs travel with git push (the\n" +
            "pre-push hook) and git ml push/fetch. Exits with the command's exit code.\n\n" +
            "Examples:\n  git ml run -- python train.py --epochs 10\n  git ml run --name baseline --set train.lr=0.01 --tag team=churn -- python train.py\n" +
            "  git ml run --repro train\n  git ml runs list")
        {
            command, name, set, tag, allowDirty, repro, json,
        };
        cmd.SetAction(r => CommandRunner.Run(cli, () =>
        {
            string[] words = r.GetValue(command) ?? [];
            bool asRepro = r.GetValue(repro);
            if (!asRepro && words.Length == 0)
            {
                throw new ArgumentException("nothing to run: give the command after --, e.g. git ml run -- python train.py (or --repro to run the pipeline)");
            }
            var repo = cli.Repository;
            var request = new RunRequest(
                asRepro ? [] : words,
                asRepro ? words : null,
                r.GetValue(name),
                Pairs(r.GetValue(set), "--set"),
                Pairs(r.GetValue(tag), "--tag"),
                r.GetValue(allowDirty),
                VersionCommand.Version);
            bool asJson = r.GetValue(json);
            var outcome = new ExperimentRunner(repo, cli.BlobStores()).Run(request, asJson ? cli.Error : cli.Out);
            foreach (string warning in outcome.Warnings)
            {
                cli.Error.WriteLine($"git-ml: warning: {warning}");
            }
            var run = outcome.Run;
            if (asJson)
            {
                CommonOptions.WriteJson(cli.Out, RunJson.From(run, m => m.InlinePoints), CliJsonContext.Default.RunJson);
            }
            cli.Error.WriteLine($"git-ml: recorded run {run.Id.Short} '{run.Name}' ({run.Status}{(run.Dirty ? ", dirty" : "")}, {RunTables.Duration(run.Duration)}) on commit {run.Commit[..10]}: git ml runs show {run.Id.Short}");
            return outcome.ExitCode;
        }));
        return cmd;
    }

    /// <summary>KEY=VALUE options as a map; a malformed one is a usage error naming it.</summary>
    internal static Dictionary<string, string> Pairs(string[]? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string value in values ?? [])
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"{option} '{value}': expected KEY=VALUE, e.g. {option} train.lr=0.01");
            }
            pairs[value[..eq]] = value[(eq + 1)..];
        }
        return pairs;
    }
}
