using System.Diagnostics;
using System.Runtime.InteropServices;
using GitMl.Storage.IO;

namespace GitMl.Core.Runs;

/// <summary>
/// Runs a run's command with the user's terminal. Ctrl-C and SIGTERM do not stop git-ml itself: the command gets the
/// signal (Ctrl-C reaches it from the terminal; SIGTERM is passed on), and git-ml stays to record the run as KILLED.
/// A single argument with spaces is a shell command line (`git ml run -- "python train.py --epochs 3"`); several
/// arguments are run as they are, without a shell.
/// </summary>
public static class RunProcess
{
    private const int SigTerm = 15;

    /// <summary>The command's exit code, and whether it was stopped by a signal.</summary>
    public static (int ExitCode, bool Signalled) Execute(IReadOnlyList<string> command, string directory, IReadOnlyDictionary<string, string> environment)
    {
        ProcessStartInfo info;
        if (command.Count == 1 && command[0].Any(char.IsWhiteSpace))
        {
            info = new ProcessStartInfo("/bin/sh");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(command[0]);
        }
        else
        {
            info = new ProcessStartInfo(command[0]);
            foreach (string arg in command.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }
        }
        info.WorkingDirectory = directory;
        info.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start '{command[0]}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ArgumentException($"could not start '{command[0]}': {UserMessage.Of(e)}. Is it installed and on PATH?", e);
        }
        bool signalled = false;
        using (process)
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; signalled = true; }))
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; signalled = true; _ = Libc.Kill(process.Id, SigTerm); }))
        {
            process.WaitForExit();
            int code = process.ExitCode;
            // .NET reports a child killed by signal N as 128 + N.
            return (code, signalled || code is > 128 and < 160);
        }
    }
}
