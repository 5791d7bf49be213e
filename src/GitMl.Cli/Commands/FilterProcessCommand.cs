using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml filter-process`: the long-running filter git starts once per command (filter.ml.process).</summary>
public static class FilterProcessCommand
{
    public static Command Create()
    {
        var command = new Command("filter-process",
            "Serve git's long-running filter protocol on stdin/stdout (git runs this; you do not need to).")
        {
            Hidden = true,
        };
        command.SetAction(_ => Run());
        return command;
    }

    public static int Run() => CommandRunner.Run(() =>
    {
        var repo = MlRepository.Open(Environment.CurrentDirectory, Caller.Git);
        PipeTuning.Enlarge(0);
        PipeTuning.Enlarge(1);
        using var input = StandardStreams.Input();
        // Packets are gathered into one write per pipe-full; a protocol flush pushes out whatever is pending.
        using var output = new BufferedStream(StandardStreams.Output(), PipeTuning.PipeSize);
        FilterSession.Run(repo, new BlobStoreFactory(), input, output, Console.Error, Terminal.Progress());
        return ExitCodes.Success;
    });
}
