using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml filter-process`: the long-running filter git starts once per command (filter.ml.process).</summary>
public static class FilterProcessCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("filter-process",
            "Serve git's long-running filter protocol on stdin/stdout (git runs this; you do not need to).")
        {
            Hidden = true,
        };
        command.SetAction(_ => Run(cli));
        return command;
    }

    public static int Run(CliContext cli) => CommandRunner.Run(cli, () =>
    {
        var repo = cli.OpenRepository(Caller.Git);
        PipeTuning.Enlarge(0);
        PipeTuning.Enlarge(1);
        // A request is several small packets (command, pathname, ref, treeish, blob, flush, content, flush): read
        // unbuffered, each header and payload was a read call of its own, fourteen per file.
        using var input = new BufferedStream(cli.OpenInput(), PipeTuning.PipeSize);
        // Packets are gathered into one write per pipe-full; a protocol flush pushes out whatever is pending.
        using var output = new BufferedStream(cli.OpenOutput(), PipeTuning.PipeSize);
        FilterSession.Run(repo, cli.BlobStores(), input, output, cli.Error, cli.Progress());
        return ExitCodes.Success;
    });
}
