using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Hooks;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml track [PATTERN...]`: store files matching patterns with git-ml, or list the patterns.</summary>
public static class TrackCommand
{
    public static Command Create(CliContext cli)
    {
        var patterns = new Argument<string[]>("pattern") { Arity = ArgumentArity.ZeroOrMore, Description = "gitattributes patterns, e.g. '*.pt' or 'data/**' (quote them so the shell does not expand them)." };
        var json = CommonOptions.Json();
        var command = new Command("track",
            "Store files matching patterns with git-ml, or list the patterns.\n\n" +
            "Store files matching the patterns with git-ml: adds `PATTERN filter=ml diff=ml merge=binary -text` to\n" +
            ".gitattributes, so `git add` keeps a pointer in Git and the bytes in git-ml's store. With no pattern,\n" +
            "lists the patterns git-ml tracks.\n\n" +
            "Examples:\n  git ml track '*.pt' '*.onnx'\n  git ml track 'data/raw/**'\n  git ml track")
        {
            patterns, json,
        };
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var service = new TrackingService(cli.Repository);
            string[] given = result.GetValue(patterns) ?? [];
            return given.Length == 0 ? List(cli, service, result.GetValue(json)) : Track(cli, service, given, result.GetValue(json));
        }));
        return command;
    }

    private static int List(CliContext cli, TrackingService service, bool json)
    {
        var tracked = service.List();
        if (json)
        {
            CommonOptions.WriteJson(cli.Out, tracked.Select(t => new TrackedPatternJson(t.Pattern, t.Source)).ToList(), CliJsonContext.Default.ListTrackedPatternJson);
            return ExitCodes.Success;
        }
        if (tracked.Count == 0)
        {
            cli.Out.WriteLine("git-ml tracks no patterns yet. Track some with `git ml track '*.pt'`, or run `git ml init` for the defaults.");
            return ExitCodes.Success;
        }
        cli.Out.WriteLine("Patterns tracked by git-ml:");
        foreach (var t in tracked)
        {
            cli.Out.WriteLine($"    {t.Pattern} ({t.Source})");
        }
        return ExitCodes.Success;
    }

    private static int Track(CliContext cli, TrackingService service, string[] patterns, bool json)
    {
        var done = service.Track(patterns);
        if (json)
        {
            CommonOptions.WriteJson(cli.Out, new TrackReportJson(done.Added, done.AlreadyTracked, done.NeedRestaging), CliJsonContext.Default.TrackReportJson);
            return ExitCodes.Success;
        }
        foreach (string p in done.Added)
        {
            cli.Out.WriteLine($"Tracking '{p}'");
        }
        foreach (string p in done.AlreadyTracked)
        {
            cli.Out.WriteLine($"'{p}' is already tracked");
        }
        if (done.Added.Count > 0)
        {
            cli.Out.WriteLine("Commit .gitattributes so everyone stores these files the same way (git add .gitattributes).");
        }
        if (done.NeedRestaging.Count > 0)
        {
            cli.Out.WriteLine($"{done.NeedRestaging.Count} file(s) already in Git match and are still stored in full; convert them with:");
            cli.Out.WriteLine($"  git add --renormalize {PreCommitReport.ShellQuote(done.NeedRestaging.Take(20))}{(done.NeedRestaging.Count > 20 ? " ..." : "")}");
        }
        return ExitCodes.Success;
    }
}
