using System.Diagnostics;

namespace GitMl.Core.Hooks;

/// <summary>Runs the hook that was in place before git-ml's, if there is one, as git would have run it.</summary>
public static class ChainedHook
{
    /// <returns>The chained hook's exit code, or 0 when there is none.</returns>
    public static int Run(string hooksDirectory, string hookName, IReadOnlyList<string> args, byte[] stdin, string workingDirectory)
    {
        string path = Path.Combine(hooksDirectory, hookName + HookNames.ChainedSuffix);
        if (!File.Exists(path))
        {
            return 0;
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
        {
            // Git skips a hook that is not executable; so do we.
            return 0;
        }
        var info = new ProcessStartInfo(path) { UseShellExecute = false, WorkingDirectory = workingDirectory, RedirectStandardInput = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {path}");
        try
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The hook did not read its input; that is its choice.
        }
        process.WaitForExit();
        return process.ExitCode;
    }
}
