using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml add PATH...`: track these files or folders with git-ml and stage them (DVC's `dvc add`).</summary>
public static class AddCommand
{
    public static Command Create(CliContext cli)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Files or folders to store with git-ml." };
        var json = CommonOptions.Json();
        var command = new Command("add",
            "Track files or folders with git-ml and stage them (like dvc add).\n\n" +
            "Track files or folders with git-ml and stage them: each path not already covered by a git-ml pattern\n" +
            "gets one in .gitattributes (a folder: everything under it), then the paths and .gitattributes are\n" +
            "staged. Files Git already held in full become pointers. Commit as usual afterwards.\n\n" +
            "Example:\n  git ml add data/train.csv models/\n  git commit -m 'Add training data and model'")
        {
            paths, json,
        };
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var service = new TrackingService(cli.Repository);
            var done = service.Add(result.GetValue(paths) ?? [], cli.WorkingDirectory);
            if (result.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new AddReportJson(done.NewPatterns, done.Files.Select(TrackedFileJson.From).ToList()), CliJsonContext.Default.AddReportJson);
                return ExitCodes.Success;
            }
            foreach (string p in done.NewPatterns)
            {
                cli.Out.WriteLine($"Tracking '{p}'");
            }
            foreach (var f in done.Files)
            {
                cli.Out.WriteLine($"Staged {f.Path} ({ByteSize.Format(f.Pointer.Size)}, {f.Pointer.Oid.Short})");
            }
            cli.Out.WriteLine("Commit when ready: git commit -m 'MESSAGE'");
            return ExitCodes.Success;
        }));
        return command;
    }
}
