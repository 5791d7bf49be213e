using GitMl.Core.Hooks;
using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Filters;

/// <summary>
/// Whether smudge hands a large file to git-ml's post-checkout hook instead of sending its bytes through git.
/// Git holds every smudged file whole in memory before it writes it: a 1 GiB model costs git 1 GiB of fresh pages,
/// which takes longer than copying the file (ten seconds and more on a virtual machine). The hook writes the file
/// straight from the store in constant memory and brings the index up to date.
/// <para>
/// Smudge hands a file off only when the hook is certain to run right after it: git started the filter for a
/// command that runs post-checkout once it has written the files (checkout, switch, restore, clone), the hooks
/// folder's post-checkout is git-ml's, and the object is in the local store. Everything else streams through
/// git as usual. Until the hook has run the file holds its pointer, exactly as with smudge skipped.
/// </para>
/// </summary>
public sealed class LargeFileHandOff(long threshold)
{
    /// <summary>The size from which files are handed off unless ml.largeCheckoutSize says otherwise.</summary>
    public const long DefaultThreshold = 32L << 20;

    /// <summary>Git commands that run the post-checkout hook after writing the files they check out.</summary>
    private static readonly HashSet<string> CommandsFollowedByPostCheckout = new(StringComparer.Ordinal) { "checkout", "switch", "restore", "clone" };

    /// <summary>Global git options whose value is the next argument (`git -C DIR checkout`).</summary>
    private static readonly HashSet<string> OptionsWithSeparateValue = new(StringComparer.Ordinal)
    {
        "-c", "-C", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env", "--list-cmds",
    };

    public long Threshold { get; } = threshold;

    /// <summary>
    /// Whether a file is handed off: large enough, and named in valid UTF-8. The hook finds files by the names git
    /// lists, and a name that is not UTF-8 cannot be opened from those (.NET paths are UTF-8 strings); such a file
    /// streams through git, which writes it under its exact name.
    /// </summary>
    public bool Applies(Pointer pointer, string path) => pointer.Size >= Threshold && !path.Contains('\uFFFD', StringComparison.Ordinal);

    /// <summary>
    /// The hand-off for a filter session started by the process <paramref name="parentCommandLine"/> ran, or null
    /// when files must stream through git: the threshold is 0, the parent is not a checkout, or the hook that
    /// would finish the job is not git-ml's.
    /// </summary>
    public static LargeFileHandOff? ForSession(RepositoryLayout layout, long threshold, IReadOnlyList<string>? parentCommandLine)
    {
        if (threshold <= 0 || layout.WorkTree is null || parentCommandLine is null
            || GitSubcommand(parentCommandLine) is not { } command || !CommandsFollowedByPostCheckout.Contains(command))
        {
            return null;
        }
        return PostCheckoutIsGitMls(layout.HooksDirectory) ? new LargeFileHandOff(threshold) : null;
    }

    /// <summary>
    /// The subcommand of a git command line (`checkout` for `git -C repo -c a=b checkout -q main`, or for the
    /// dashed `git-checkout`), or null when the line is not a git command or names none.
    /// </summary>
    public static string? GitSubcommand(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return null;
        }
        string program = Path.GetFileName(argv[0]);
        if (program.StartsWith("git-", StringComparison.Ordinal))
        {
            return program["git-".Length..];
        }
        if (program != "git")
        {
            return null;
        }
        for (int i = 1; i < argv.Count; i++)
        {
            string arg = argv[i];
            if (OptionsWithSeparateValue.Contains(arg))
            {
                i++;
            }
            else if (!arg.StartsWith('-'))
            {
                return arg;
            }
        }
        return null;
    }

    /// <summary>
    /// The command line of the process that started this one, looking past the shell git runs a configured filter
    /// command through (`sh -c "git-ml filter-process"`), or null where the system does not say.
    /// </summary>
    public static IReadOnlyList<string>? ParentCommandLine()
    {
        try
        {
            string pid = ParentOf("self");
            for (int depth = 0; depth < 3; depth++)
            {
                byte[] cmdline = File.ReadAllBytes($"/proc/{pid}/cmdline");
                string[] argv = System.Text.Encoding.UTF8.GetString(cmdline).TrimEnd('\0').Split('\0');
                if (!IsShell(argv))
                {
                    return argv;
                }
                pid = ParentOf(pid);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Whether a command line is a shell running a command string (`sh -c ...`).</summary>
    public static bool IsShell(IReadOnlyList<string> argv) =>
        argv.Count >= 2 && argv[1] == "-c" && Path.GetFileName(argv[0]) is "sh" or "dash" or "bash" or "zsh" or "ksh";

    private static string ParentOf(string pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces and parentheses.
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
    }

    private static bool PostCheckoutIsGitMls(string hooksDirectory)
    {
        try
        {
            string hook = Path.Combine(hooksDirectory, HookNames.PostCheckout);
            // Git runs a hook only when it is executable.
            return File.Exists(hook) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(hook) & UnixFileMode.UserExecute) != 0)
                && HookNames.IsShim(File.ReadAllText(hook));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
