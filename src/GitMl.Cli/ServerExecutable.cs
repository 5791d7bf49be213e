using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using GitMl.Storage.IO;

namespace GitMl.Cli;

/// <summary>
/// Which program runs `git ml serve` and `git ml ui`. A NativeAOT program pays at every start for all the data linked
/// into it: the loader fixes up each page that holds a pointer, one page fault each (with ASP.NET Core linked in, about
/// 2,600 faults per start against 1,700 without; some 10 ms per hook on the benchmark VM), and git starts git-ml for
/// every hook and every filter session. So install/publish.sh builds git-ml twice from this project: `git-ml` with the
/// switch <see cref="SwitchName"/> off, which the compiler then drops the server from, and `git-ml-server` beside it
/// with the server in; `git ml serve` and `git ml ui` in the first replace the process with the second (same id,
/// arguments, streams, folder and environment, so signals and exit codes are the server's own). Any build without
/// the switch (dotnet run, the unit tests, the ReadyToRun build, whose assemblies load only when used) runs the
/// server in process.
/// </summary>
public static class ServerExecutable
{
    public const string SwitchName = "GitMl.Cli.ServerInProcess";

    /// <summary>The program installed beside git-ml that has the server in it.</summary>
    public const string FileName = "git-ml-server";

    /// <summary>Whether this build has the server in it. Constant in a published build, so the branch not taken and
    /// everything only it reaches (ASP.NET Core) are left out of the executable.</summary>
    [FeatureSwitchDefinition(SwitchName)]
    public static bool InProcess => !AppContext.TryGetSwitch(SwitchName, out bool inProcess) || inProcess;

    /// <summary>
    /// Replaces this process with <see cref="FileName"/> from git-ml's own folder (links resolved: the installed
    /// program, not a link on PATH), given this process's arguments. Returns only when that fails, with the exit code
    /// after saying what to do.
    /// </summary>
    public static int HandOver(CliContext cli, string verb)
    {
        string? self = Environment.ProcessPath;
        string? folder = self is null ? null : Path.GetDirectoryName(self);
        string server = Path.Combine(folder ?? ".", FileName);
        if (folder is null || !File.Exists(server))
        {
            cli.Error.WriteLine($"git-ml {verb}: {FileName}, which runs the server, is not installed beside git-ml ({folder ?? "unknown folder"}); reinstall with install/install.sh");
            return ExitCodes.Failure;
        }
        string[] arguments = Environment.GetCommandLineArgs();
        var argv = new string?[arguments.Length + 1];
        argv[0] = server;
        Array.Copy(arguments, 1, argv, 1, arguments.Length - 1);
        cli.Out.Flush();
        cli.Error.Flush();
        Libc.Execv(server, argv);
        int errno = Marshal.GetLastPInvokeError();
        cli.Error.WriteLine($"git-ml {verb}: could not start {server} ({Marshal.GetPInvokeErrorMessage(errno)}); reinstall with install/install.sh");
        return ExitCodes.Failure;
    }
}
