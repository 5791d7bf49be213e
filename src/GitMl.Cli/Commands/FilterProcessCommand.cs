using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;
using Microsoft.Win32.SafeHandles;

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
        var repo = MlRepository.Open(Environment.CurrentDirectory);
        PipeTuning.Enlarge(0);
        PipeTuning.Enlarge(1);
        using var input = RawStandardStream(0, FileAccess.Read);
        // Packets are gathered into one write per pipe-full; a protocol flush pushes out whatever is pending.
        using var output = new BufferedStream(RawStandardStream(1, FileAccess.Write), PipeTuning.PipeSize);
        FilterSession.Run(repo, new BlobStoreFactory(), input, output, Console.Error, Terminal.Progress());
        return ExitCodes.Success;
    });

    /// <summary>The process's own descriptor as an unbuffered stream: no console translation, large reads and writes.</summary>
    public static FileStream RawStandardStream(int descriptor, FileAccess access) =>
        new(new SafeFileHandle(descriptor, ownsHandle: false), access, bufferSize: 0);
}
