using System.CommandLine;
using GitMl.Core.Merge;
using GitMl.Core;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml merge-driver`: the merge driver git runs for files with merge=ml-lock or merge=ml-params.</summary>
public static class MergeDriverCommand
{
    public static Command Create(CliContext cli)
    {
        var ancestor = new Option<string>("--ancestor") { Description = "%O: the merge base's version.", Required = true };
        var current = new Option<string>("--current") { Description = "%A: our version; receives the result.", Required = true };
        var other = new Option<string>("--other") { Description = "%B: their version.", Required = true };
        var markerSize = new Option<int>("--marker-size") { Description = "%L: conflict marker length.", DefaultValueFactory = _ => ConflictMarkers.DefaultSize };
        var path = new Option<string>("--path") { Description = "%P: the path being merged.", DefaultValueFactory = _ => "" };
        var command = new Command("merge-driver",
            "Merge three versions of a lock file (by stage) or parameters file (by key) as git's merge driver (git runs\n" +
            "this; see docs/merge.md). Writes the result over --current and exits 1 when conflicts remain, marked as git\n" +
            "marks them.")
        {
            ancestor, current, other, markerSize, path,
        };
        command.Hidden = true;
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var request = new MergeDriverRequest(result.GetValue(ancestor)!, result.GetValue(current)!, result.GetValue(other)!, result.GetValue(markerSize), result.GetValue(path)!);
            int conflicts = new MergeDriver(cli.OpenRepository(Caller.Git), cli.Error).Run(request);
            return conflicts == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
