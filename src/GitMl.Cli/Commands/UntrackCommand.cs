using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml untrack PATTERN...`: stop storing matching files with git-ml.</summary>
public static class UntrackCommand
{
    public static Command Create(CliContext cli)
    {
        var patterns = new Argument<string[]>("pattern") { Arity = ArgumentArity.OneOrMore, Description = "Patterns exactly as `git ml track` lists them." };
        var json = CommonOptions.Json();
        var command = new Command("untrack",
            "Stop storing files matching patterns with git-ml.\n\n" +
            "Stop storing files matching the patterns with git-ml: removes git-ml's attributes for them from\n" +
            ".gitattributes. Files already committed stay pointers in history; re-add them (git add --renormalize)\n" +
            "to put their full content in Git.")
        {
            patterns, json,
        };
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var done = new TrackingService(cli.Repository).Untrack(result.GetValue(patterns) ?? []);
            if (result.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new UntrackReportJson(done.Removed, done.NotTracked), CliJsonContext.Default.UntrackReportJson);
                return ExitCodes.Success;
            }
            foreach (string p in done.Removed)
            {
                cli.Out.WriteLine($"Untracking '{p}'");
            }
            foreach (string p in done.NotTracked)
            {
                cli.Error.WriteLine($"git-ml: '{p}' is not a pattern in .gitattributes (see `git ml track` for the list)");
            }
            return done.NotTracked.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }
}
