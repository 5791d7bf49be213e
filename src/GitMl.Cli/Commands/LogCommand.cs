using System.CommandLine;
using System.Globalization;
using GitMl.Core.Runs;

namespace GitMl.Cli.Commands;

/// <summary>`git ml log metric|param|tag|artifact`: log into the run a command was started in by `git ml run`.</summary>
public static class LogCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("log",
            "Log a metric, param, tag or artifact from inside `git ml run`.\n\n" +
            "Works in any command started by `git ml run` (it finds the run through GIT_ML_RUN_DIR). Each call appends\n" +
            "one line to the run's log, so a long series costs the same per step however long it gets. From Python or any\n" +
            "other language you can instead append JSON lines to $GIT_ML_RUN_DIR/log.jsonl yourself.\n\n" +
            "Examples:\n  git ml log metric loss 0.31 --step 12\n  git ml log param optimizer adam\n  git ml log tag dataset v2\n  git ml log artifact models/model.pkl")
        {
            Metric(cli), Named(cli, "param", "Log a param (a string value).", "KEY", "VALUE"), Named(cli, "tag", "Log a tag.", "KEY", "VALUE"), Artifact(cli),
        };
        return command;
    }

    private static Command Metric(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The metric's name, e.g. loss." };
        var value = new Argument<string>("value") { Description = "A number (NaN and Infinity allowed)." };
        var step = new Option<long?>("--step", "-s") { Description = "The step (default: the series' next step, starting at 0)." };
        var command = new Command("metric", "Log a metric value.") { name, value, step };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            string text = r.GetValue(value)!;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                throw new ArgumentException($"metric value '{text}' is not a number");
            }
            RunLogFile.Append(RunDirectory(cli), RunLogFile.MetricLine(r.GetValue(name)!, number, r.GetValue(step), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Named(CliContext cli, string kind, string description, string keyName, string valueName)
    {
        var key = new Argument<string>(keyName.ToLowerInvariant());
        var value = new Argument<string>(valueName.ToLowerInvariant());
        var command = new Command(kind, description) { key, value };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            RunLogFile.Append(RunDirectory(cli), RunLogFile.NamedLine(kind, r.GetValue(key)!, r.GetValue(value)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Artifact(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "A file or folder the run produced; stored in git-ml's store when the run ends." };
        var command = new Command("artifact", "Log an output file or folder of the run.") { path };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            RunLogFile.Append(RunDirectory(cli), RunLogFile.NamedLine("artifact", cli.FullPath(r.GetValue(path)!), null));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string RunDirectory(CliContext cli) =>
        cli.Session.RunDirectory is { } dir && Directory.Exists(dir)
            ? dir
            : throw new ArgumentException("not inside a run: `git ml log` works in a command started by `git ml run -- COMMAND`");
}
