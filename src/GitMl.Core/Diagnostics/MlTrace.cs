using System.Globalization;
using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Settings;
using GitMl.Git;
using GitMl.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Core.Diagnostics;

/// <summary>
/// GIT_ML_TRACE: what git-ml did and why, one line per event, as GIT_TRACE does for git and GCM_TRACE for Git
/// Credential Manager: every git invocation with its time and exit code, where each setting came from, and each
/// transfer decision. "1", "2" or "true" trace to stderr; an absolute path appends to that file (every process of
/// one git command, filter and hooks alike, into the one file); unset, "0" or "false" trace nothing and cost nothing.
/// Lines are <c>HH:mm:ss.ffffff git-ml[PID] AREA: MESSAGE</c>; text from a repository (paths, arguments, values) is
/// escaped as <see cref="TerminalText.Escape"/> does, so a trace is always safe to print.
/// </summary>
public static class MlTrace
{
    private const int WriteOnlyCreateAppendCloseOnExec = 0x1 | 0x40 | 0x400 | 0x80000; // O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC (Linux)
    private static readonly object Gate = new();
    private static TextWriter? s_writer;
    private static SafeFileHandle? s_file;

    public static bool Enabled => s_writer is not null || s_file is not null;

    /// <summary>Switches tracing on as GIT_ML_TRACE says (<see cref="SessionSettings.Trace"/>); called once at start.</summary>
    public static void Configure(SessionSettings session) => Configure(session.Trace, Console.Error);

    /// <summary>Switches tracing on for <paramref name="value"/> (GIT_ML_TRACE's value), to <paramref name="stderr"/> or a file.</summary>
    public static void Configure(string? value, TextWriter stderr)
    {
        Disable();
        switch (Target(value))
        {
            case TraceTarget.Off:
                return;
            case TraceTarget.StandardError:
                s_writer = stderr;
                break;
            case TraceTarget.File:
                int fd = Libc.Open(value!, WriteOnlyCreateAppendCloseOnExec, Convert.ToInt32("666", 8));
                if (fd < 0)
                {
                    stderr.WriteLine($"git-ml: warning: could not open the trace file '{TerminalText.Escape(value)}' (GIT_ML_TRACE): " +
                        $"{System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}; not tracing");
                    return;
                }
                s_file = new SafeFileHandle(fd, ownsHandle: true);
                break;
            default:
                stderr.WriteLine($"git-ml: warning: GIT_ML_TRACE='{TerminalText.Escape(value)}' is neither 1, true nor an absolute path " +
                    "(to trace into a file, give its absolute path, starting with /); not tracing");
                return;
        }
        GitCli.Observer = OnGit;
    }

    /// <summary>Stops tracing (tests; a process configures once).</summary>
    public static void Disable()
    {
        lock (Gate)
        {
            GitCli.Observer = null;
            s_writer = null;
            s_file?.Dispose();
            s_file = null;
        }
    }

    /// <summary>What GIT_ML_TRACE's value asks for, with git's spellings for GIT_TRACE.</summary>
    public static TraceTarget Target(string? value) => value?.Trim() switch
    {
        null or "" => TraceTarget.Off,
        var v when v.StartsWith('/') => TraceTarget.File,
        var v when GitConfig.ParseBool(v) is { } on => on ? TraceTarget.StandardError : TraceTarget.Off,
        "2" => TraceTarget.StandardError,
        _ => TraceTarget.Unknown,
    };

    /// <summary>Writes one event: <paramref name="area"/> (git, setting, transfer, ...) and what happened.</summary>
    public static void Write(string area, string message)
    {
        if (!Enabled)
        {
            return;
        }
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.Now:HH:mm:ss.ffffff} git-ml[{Environment.ProcessId}] {area}: {TerminalText.Escape(message)}\n");
        lock (Gate)
        {
            if (s_file is { } file)
            {
                // O_APPEND: each line lands whole at the end, whichever process writes it.
                RandomAccess.Write(file, Encoding.UTF8.GetBytes(line), fileOffset: 0);
            }
            else
            {
                s_writer?.Write(line);
                s_writer?.Flush();
            }
        }
    }

    /// <summary>Writes an event only when tracing; <paramref name="message"/> is built only then.</summary>
    public static void Write(string area, Func<string> message)
    {
        if (Enabled)
        {
            Write(area, message());
        }
    }

    /// <summary>
    /// A git invocation as a trace line: the arguments quoted as a shell would need them, the time, the exit code. The
    /// value after a credential's config key (`git config --local ml-remote.NAME.secretAccessKey VALUE`) is written as
    /// &lt;redacted&gt;: a trace is for attaching to a bug report.
    /// </summary>
    public static string Describe(GitInvocation invocation)
    {
        var line = new StringBuilder("git");
        bool secretNext = false;
        foreach (string argument in invocation.Arguments)
        {
            line.Append(' ').Append(secretNext ? "<redacted>" : Quote(argument));
            secretNext = IsSecretKey(argument);
        }
        line.Append(CultureInfo.InvariantCulture, $" ({invocation.Elapsed.TotalMilliseconds:0.0} ms");
        line.Append(invocation.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $", exit {code})") : ", started)");
        return line.ToString();
    }

    private static bool IsSecretKey(string argument) =>
        argument.StartsWith(Remotes.RemoteSettingKeys.Section + ".", StringComparison.OrdinalIgnoreCase)
        && Remotes.RemoteSettingKeys.Secrets.Contains(argument[(argument.LastIndexOf('.') + 1)..]);

    private static void OnGit(GitInvocation invocation) => Write("git", Describe(invocation));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '@' or '+' or '%')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>Where GIT_ML_TRACE sends the trace.</summary>
public enum TraceTarget
{
    Off,
    StandardError,
    File,
    Unknown,
}
