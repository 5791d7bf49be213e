using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GitMl.TestServers;

/// <summary>
/// A storage server (an npm package's script run by node) listening on a port it chose itself (port 0), with its
/// data in a temp directory. Started once it has printed the line that names its port; on dispose its whole
/// process tree is killed and the data directory deleted. Its recent output goes into failure messages.
/// </summary>
internal sealed class NodeServerProcess : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly TempDirectory _data;
    private readonly Queue<string> _output;
    private int _disposed;

    private NodeServerProcess(Process process, TempDirectory data, Queue<string> output, int port)
    {
        _process = process;
        _data = data;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's last lines of output, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="binName"/> with <paramref name="arguments"/> ({data} stands for the data directory),
    /// node itself with <paramref name="nodeOptions"/>, and waits for a line matching <paramref name="portLine"/>,
    /// whose group "port" is the port.
    /// </summary>
    public static async Task<NodeServerProcess> StartAsync(string binName, IEnumerable<string> nodeOptions, IEnumerable<string> arguments, Regex portLine)
    {
        var script = await ServerPackages.ScriptAsync(binName);
        var data = new TempDirectory(binName);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var option in nodeOptions)
        {
            start.ArgumentList.Add(option);
        }

        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument.Replace("{data}", data.Path, StringComparison.Ordinal));
        }

        var output = new Queue<string>();
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 50)
                {
                    output.Dequeue();
                }
            }

            if (portLine.Match(line) is { Success: true } match)
            {
                port.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => port.TrySetException(new InvalidOperationException($"{binName} exited with code {SafeExitCode(process)}"));
        if (!process.Start())
        {
            data.Dispose();
            throw new InvalidOperationException("Could not start node " + script);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var chosen = await port.Task.WaitAsync(StartTimeout);
            return new NodeServerProcess(process, data, output, chosen);
        }
        catch (Exception e)
        {
            Kill(process);
            process.Dispose();
            data.Dispose();
            string log;
            lock (output)
            {
                log = string.Join('\n', output);
            }

            throw new InvalidOperationException($"{binName} did not start ({e.Message}). Its output:\n{log}", e);
        }
    }

    /// <summary>Whether the server process is still running (a test that crashed it should say so).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Kills the server's process tree and deletes its data. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(ExitTimeout).ConfigureAwait(false);
        _process.Dispose();
        _data.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill(_process);
        _process.WaitForExit(ExitTimeout);
        _process.Dispose();
        _data.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
