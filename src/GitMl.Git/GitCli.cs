using System.Buffers;
using System.Diagnostics;

namespace GitMl.Git;

/// <summary>
/// Runs the git binary. Used for everything that must behave exactly as git does for the user: anything that
/// runs filters or hooks (libgit2 runs neither), config writes, and plumbing batches.
/// </summary>
public sealed class GitCli
{
    /// <summary>
    /// Config that switches git-ml's own filter off for one git call. Needed when git-ml runs git from inside
    /// its filter or must see stored bytes as they are (pointers); the empty commands make git pass content
    /// through, and required=false keeps git from treating that as a failure.
    /// </summary>
    public static readonly IReadOnlyList<string> WithoutMlFilter =
        ["-c", "filter.ml.process=", "-c", "filter.ml.clean=", "-c", "filter.ml.smudge=", "-c", "filter.ml.required=false"];

    public GitCli(string workingDirectory, string gitExecutable = "git")
    {
        WorkingDirectory = workingDirectory;
        GitExecutable = gitExecutable;
    }

    public string WorkingDirectory { get; }

    public string GitExecutable { get; }

    /// <summary>
    /// Told of every git invocation once it ends (a long-lived one once it starts), when set: GIT_ML_TRACE's
    /// listener (Core's <c>MlTrace</c>). Null, the default, costs nothing.
    /// </summary>
    public static Action<GitInvocation>? Observer { get; set; }

    /// <summary>Runs git and returns its result whatever the exit code.</summary>
    public GitResult Run(IEnumerable<string> args, byte[]? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var list = args as IReadOnlyList<string> ?? args.ToList();
        long started = Stopwatch.GetTimestamp();
        using var process = StartProcess(list, environment, redirectStdin: true);
        var stderrTask = process.StandardError.ReadToEndAsync();
        byte[] stdout;
        if (stdin is { Length: > 0 })
        {
            // Output is drained while the input is written: git may answer before it has read all of it.
            var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream);
            try
            {
                process.StandardInput.BaseStream.Write(stdin);
            }
            catch (IOException)
            {
                // git exited without reading all of its input; its exit code and stderr say why.
            }
            process.StandardInput.Close();
            stdout = stdoutTask.GetAwaiter().GetResult();
        }
        else
        {
            // Read on this thread: waiting for a task instead spins (hundreds of sched_yield per git command on a small
            // machine) before it sleeps. stderr is still drained beside it, so git never blocks on a full stderr pipe.
            process.StandardInput.Close();
            stdout = ReadToEnd(process.StandardOutput.BaseStream);
        }
        string stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();
        Observer?.Invoke(new GitInvocation(list, WorkingDirectory, Stopwatch.GetElapsedTime(started), process.ExitCode));
        return new GitResult(process.ExitCode, stdout, stderr);
    }

    /// <summary>Runs git and throws <see cref="GitException"/> unless it exits 0.</summary>
    public GitResult Check(IEnumerable<string> args, byte[]? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var list = args as IReadOnlyList<string> ?? args.ToList();
        var result = Run(list, stdin, environment);
        if (!result.Succeeded)
        {
            string what = string.Join(' ', list.Take(4));
            throw new GitException($"'git {what}' failed: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
        }
        return result;
    }

    /// <summary>Takes what git wrote so far and not yet used, and whether its output ended; returns how many bytes it used.</summary>
    public delegate int OutputConsumer(ReadOnlySpan<byte> unread, bool ended);

    /// <summary>
    /// Runs git and hands its output to <paramref name="consume"/> as it arrives, through one pooled buffer, instead of
    /// keeping it whole: for output parsed record by record, such as `git ls-files` over 10,000 files with their stat data
    /// (2 MB, whose whole copy would be 500 fresh pages, each a fault of about 15 µs on the benchmark VM).
    /// <paramref name="consume"/> uses whole records from the front of what it is given; the rest is given again with
    /// more behind it. Once the output ended, it must use everything.
    /// </summary>
    /// <exception cref="GitException">git failed; nothing it wrote is then to be trusted.</exception>
    public void CheckStreaming(IEnumerable<string> args, OutputConsumer consume)
    {
        var list = args as IReadOnlyList<string> ?? args.ToList();
        long started = Stopwatch.GetTimestamp();
        using var process = StartProcess(list, null, redirectStdin: true);
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            int filled = 0;
            bool ended = false;
            while (!ended)
            {
                if (filled == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = stdout.Read(buffer, filled, buffer.Length - filled);
                ended = read == 0;
                filled += read;
                int used = consume(buffer.AsSpan(0, filled), ended);
                buffer.AsSpan(used, filled - used).CopyTo(buffer);
                filled -= used;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        string stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();
        Observer?.Invoke(new GitInvocation(list, WorkingDirectory, Stopwatch.GetElapsedTime(started), process.ExitCode));
        if (process.ExitCode != 0)
        {
            throw new GitException($"'git {string.Join(' ', list.Take(4))}' failed: {stderr.Trim()}", process.ExitCode, stderr);
        }
    }

    /// <summary>Runs git with the user's terminal: its stdout and stderr go straight to ours.</summary>
    public int RunInteractive(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var list = args as IReadOnlyList<string> ?? args.ToList();
        long started = Stopwatch.GetTimestamp();
        var info = CreateStartInfo(list, environment);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start git");
        process.WaitForExit();
        Observer?.Invoke(new GitInvocation(list, WorkingDirectory, Stopwatch.GetElapsedTime(started), process.ExitCode));
        return process.ExitCode;
    }

    /// <summary>Starts a long-lived git process with redirected streams (for --batch style plumbing).</summary>
    public Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, bool redirectStdin = true)
    {
        var list = args as IReadOnlyList<string> ?? args.ToList();
        long started = Stopwatch.GetTimestamp();
        var process = StartProcess(list, environment, redirectStdin);
        Observer?.Invoke(new GitInvocation(list, WorkingDirectory, Stopwatch.GetElapsedTime(started), ExitCode: null));
        return process;
    }

    private Process StartProcess(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, bool redirectStdin)
    {
        var info = CreateStartInfo(args, environment);
        info.RedirectStandardInput = redirectStdin;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException("could not start git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // The message would be a resource key (UseSystemResourceKeys); the system's own words say why.
            string why = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode);
            throw new GitException($"could not run '{GitExecutable}': {why}. Is git installed and on PATH?", -1, why);
        }
    }

    private ProcessStartInfo CreateStartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo(GitExecutable)
        {
            WorkingDirectory = WorkingDirectory,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Never let git stop to ask a question: git-ml runs inside hooks and filters with no one to answer.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }
        return info;
    }

    /// <summary>
    /// Everything <paramref name="stream"/> holds, in one array of exactly its length: read in pooled chunks, copied once.
    /// A MemoryStream doubles and copies as it grows, and ToArray copies once more: `git ls-files --stage` over 10,000
    /// files (1 MB) cost 4 MB of fresh memory that way, each page of it a fault (about 15 µs on the benchmark VM).
    /// </summary>
    internal static byte[] ReadToEnd(Stream stream)
    {
        const int ChunkSize = 64 * 1024;
        var chunks = new List<(byte[] Chunk, int Length)>();
        try
        {
            long total = 0;
            while (true)
            {
                byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int filled = 0;
                int read;
                while (filled < chunk.Length && (read = stream.Read(chunk, filled, chunk.Length - filled)) > 0)
                {
                    filled += read;
                }
                chunks.Add((chunk, filled));
                total += filled;
                if (filled < chunk.Length)
                {
                    break;
                }
            }
            byte[] all = GC.AllocateUninitializedArray<byte>(checked((int)total));
            int at = 0;
            foreach (var (chunk, length) in chunks)
            {
                chunk.AsSpan(0, length).CopyTo(all.AsSpan(at));
                at += length;
            }
            return all;
        }
        finally
        {
            foreach (var (chunk, _) in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }
}

/// <summary>One git invocation, for <see cref="GitCli.Observer"/>.</summary>
/// <param name="Elapsed">From starting git to its exit, or to its start for a long-lived process.</param>
/// <param name="ExitCode">Null for a long-lived process (a --batch reader) that was only started.</param>
public sealed record GitInvocation(IReadOnlyList<string> Arguments, string WorkingDirectory, TimeSpan Elapsed, int? ExitCode);
