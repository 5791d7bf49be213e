using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Hooks;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml track [PATTERN...]`: store files matching patterns with git-ml, or list the patterns.</summary>
public static class TrackCommand
{
    public static Command Create()
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
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var service = new TrackingService(MlRepository.Open(Environment.CurrentDirectory));
            string[] given = result.GetValue(patterns) ?? [];
            return given.Length == 0 ? List(service, result.GetValue(json)) : Track(service, given, result.GetValue(json));
        }));
        return command;
    }

    private static int List(TrackingService service, bool json)
    {
        var tracked = service.List();
        if (json)
        {
            CommonOptions.WriteJson(tracked.Select(t => new TrackedPatternJson(t.Pattern, t.Source)).ToList(), CliJsonContext.Default.ListTrackedPatternJson);
            return ExitCodes.Success;
        }
        if (tracked.Count == 0)
        {
            Console.Out.WriteLine("git-ml tracks no patterns yet. Track some with `git ml track '*.pt'`, or run `git ml init` for the defaults.");
            return ExitCodes.Success;
        }
        Console.Out.WriteLine("Patterns tracked by git-ml:");
        foreach (var t in tracked)
        {
            Console.Out.WriteLine($"    {t.Pattern} ({t.Source})");
        }
        return ExitCodes.Success;
    }

    private static int Track(TrackingService service, string[] patterns, bool json)
    {
        var done = service.Track(patterns);
        if (json)
        {
            CommonOptions.WriteJson(new TrackReportJson(done.Added, done.AlreadyTracked, done.NeedRestaging), CliJsonContext.Default.TrackReportJson);
            return ExitCodes.Success;
        }
        foreach (string p in done.Added)
        {
            Console.Out.WriteLine($"Tracking '{p}'");
        }
        foreach (string p in done.AlreadyTracked)
        {
            Console.Out.WriteLine($"'{p}' is already tracked");
        }
        if (done.Added.Count > 0)
        {
            Console.Out.WriteLine("Commit .gitattributes so everyone stores these files the same way (git add .gitattributes).");
        }
        if (done.NeedRestaging.Count > 0)
        {
            Console.Out.WriteLine($"{done.NeedRestaging.Count} file(s) already in Git match and are still stored in full; convert them with:");
            Console.Out.WriteLine($"  git add --renormalize {PreCommitReport.ShellQuote(done.NeedRestaging.Take(20))}{(done.NeedRestaging.Count > 20 ? " ..." : "")}");
        }
        return ExitCodes.Success;
    }
}
