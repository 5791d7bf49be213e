using System.Diagnostics;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// Runs a stage's commands with the shell, one after another, stopping at the first that fails. Alone, a stage
/// writes straight to the terminal (colours and progress bars intact); when stages run side by side each line is
/// prefixed with the stage name and written whole, so interleaved output stays readable.
/// </summary>
public sealed class StageRunner(string workTree, TextWriter output, bool prefixLines)
{
    private readonly object _writeGate = new();

    /// <returns>The exit code of the first failing command, or 0.</returns>
    public int Run(StageSpec stage, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        string directory = Path.Combine(workTree, workingDirectory);
        if (!Directory.Exists(directory))
        {
            Write(stage.Name, $"wdir {workingDirectory} does not exist");
            return 1;
        }
        foreach (string command in stage.Commands)
        {
            Write(stage.Name, "> " + command);
            int code = RunOne(stage.Name, command, directory, environment);
            if (code != 0)
            {
                return code;
            }
        }
        return 0;
    }

    private int RunOne(string stage, string command, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = directory, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.RedirectStandardOutput = prefixLines;
        info.RedirectStandardError = prefixLines;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh");
        if (prefixLines)
        {
            var stdout = Task.Run(() => Forward(stage, process.StandardOutput));
            var stderr = Task.Run(() => Forward(stage, process.StandardError));
            Task.WaitAll(stdout, stderr);
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    private void Forward(string stage, StreamReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            Write(stage, line);
        }
    }

    /// <summary>Writes a line about a stage, whole, prefixed with its name when stages run side by side.</summary>
    public void Write(string stage, string line)
    {
        lock (_writeGate)
        {
            output.WriteLine(prefixLines ? $"[{stage}] {line}" : line);
            output.Flush();
        }
    }
}
