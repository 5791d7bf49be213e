using System.Diagnostics;
using System.Text.Json;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>A `git ml ui --no-open --json --port 0` process in a sandbox's repository, stopped (whole tree) on dispose.</summary>
internal sealed class UiProcess : IDisposable
{
    private readonly Process _process;

    private UiProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The address the UI printed it listens on.</summary>
    public string Url { get; }

    /// <exception cref="InvalidOperationException">It printed no URL within 60 s (the process is stopped).</exception>
    public static UiProcess Start(Sandbox sandbox, string repo)
    {
        var process = sandbox.Start(Path.Combine(GitMlBinary.Directory, "git-ml"), ["ui", "--no-open", "--port", "0", "--json"], repo);
        process.StandardInput.Close();
        _ = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("git ml ui printed no URL within 60 s");
        }
        return new UiProcess(process, JsonDocument.Parse(line.Result).RootElement.GetProperty("url").GetString()!);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
