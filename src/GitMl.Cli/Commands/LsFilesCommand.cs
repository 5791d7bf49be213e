using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml ls-files`: the staged files that are git-ml pointers.</summary>
public static class LsFilesCommand
{
    public static Command Create(CliContext cli)
    {
        var pathspecs = new Argument<string[]>("pathspec") { Arity = ArgumentArity.ZeroOrMore, Description = "Limit the listing to these paths (git pathspecs)." };
        var longFormat = new Option<bool>("--long", "-l") { Description = "Show the full object id and the size." };
        var json = CommonOptions.Json();
        var command = new Command("ls-files",
            "List the files git-ml stores, with ids and whether their content is here.\n\n" +
            "List the files in the index that git-ml stores: object id, whether the content is in the local store\n" +
            "('*' present, '-' pointer only) and path.")
        {
            pathspecs, longFormat, json,
        };
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            string[] specs = result.GetValue(pathspecs) ?? [];
            var files = TrackedFile.FromIndex(cli.Repository, specs.Length == 0 ? null : specs);
            if (result.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, files.Select(TrackedFileJson.From).ToList(), CliJsonContext.Default.ListTrackedFileJson);
                return ExitCodes.Success;
            }
            bool full = result.GetValue(longFormat);
            foreach (var f in files)
            {
                string marker = f.Present ? "*" : "-";
                cli.Out.WriteLine(full
                    ? $"{f.Pointer.Oid.Hex} {marker} {ByteSize.Format(f.Pointer.Size),10} {f.Path}"
                    : $"{f.Pointer.Oid.Short} {marker} {f.Path}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
