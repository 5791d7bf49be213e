using System.CommandLine;
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
        using var input = RawStandardStream(0, FileAccess.Read);
        using var output = new BufferedStream(RawStandardStream(1, FileAccess.Write), 1 << 16);
        FilterSession.Run(repo, input, output, Console.Error);
        return ExitCodes.Success;
    });

    /// <summary>The process's own descriptor as an unbuffered stream: no console translation, large reads and writes.</summary>
    public static FileStream RawStandardStream(int descriptor, FileAccess access) =>
        new(new SafeFileHandle(descriptor, ownsHandle: false), access, bufferSize: 0);
}
