using System.CommandLine;
using System.Text;

namespace GitMl.Cli.Help;

/// <summary>
/// The help git-ml shows, from one source: the command tree's descriptions. `git ml --help` and `git ml help` print
/// the overview, `git ml help COMMAND` and `git ml COMMAND --help` a command's whole help, and the man page
/// (<see cref="ManPage"/>) is the overview followed by every command's help, so `man git-ml` (what git runs for
/// `git ml --help`) says what the binary says.
/// </summary>
public static class HelpText
{
    private static readonly (string Title, string[] Commands)[] Groups =
    [
        ("Set up", ["install", "uninstall", "init"]),
        ("Track files", ["track", "untrack", "add", "ls-files", "status"]),
        ("Share data", ["remote", "push", "fetch", "pull"]),
        ("Pipelines", ["repro", "dag", "params", "metrics", "plots", "import-url", "update"]),
        ("Experiments", ["run", "log", "runs", "serve"]),
        ("Models", ["model", "lineage", "data", "drift"]),
        ("Move from DVC and MLflow", ["import"]),
        ("Look after the store", ["fsck", "gc"]),
        ("About", ["help", "version"]),
    ];

    /// <summary>One line per command (the first line of its description), grouped the way people use them.</summary>
    public static string Overview(RootCommand root)
    {
        var byName = root.Subcommands.Where(c => !c.Hidden).ToDictionary(c => c.Name);
        var sb = new StringBuilder();
        sb.Append(root.Description).Append("\n\nUsage: git ml <command> [options]   (git ml help <command>, or git ml <command> --help, for details and examples)\n");
        foreach (var (title, names) in Groups)
        {
            sb.Append('\n').Append(title).Append(":\n");
            foreach (string name in names.Where(byName.ContainsKey))
            {
                AppendSummary(sb, byName[name]);
                byName.Remove(name);
            }
        }
        foreach (var rest in byName.Values)
        {
            AppendSummary(sb, rest);
        }
        return sb.ToString();
    }

    /// <summary>The command a path of names leads to (["model", "register"]), or null when a name is not a command there.</summary>
    public static Command? Find(RootCommand root, IReadOnlyList<string> path)
    {
        Command current = root;
        foreach (string name in path)
        {
            if (current.Subcommands.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name)) is not { } next)
            {
                return null;
            }
            current = next;
        }
        return current;
    }

    /// <summary>A command's whole help, as `git ml PATH --help` prints it, rendered at a fixed width (for a file, not a terminal).</summary>
    public static string Of(RootCommand root, IReadOnlyList<string> path, int width = 120)
    {
        var output = new StringWriter();
        var parsed = root.Parse([.. path, "--help"]);
        if (parsed.Action is System.CommandLine.Help.HelpAction help)
        {
            help.MaxWidth = width;
        }
        parsed.Invoke(new InvocationConfiguration { Output = output, Error = output });
        return output.ToString();
    }

    /// <summary>Every visible command below <paramref name="command"/>, depth first, as paths of names.</summary>
    public static IEnumerable<string[]> Paths(Command command, string[]? prefix = null)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            string[] path = [.. prefix ?? [], sub.Name];
            yield return path;
            foreach (string[] deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }

    private static void AppendSummary(StringBuilder sb, Command command) =>
        sb.Append("  ").Append(command.Name.PadRight(10)).Append(' ').Append((command.Description ?? "").Split('\n')[0].TrimEnd(':')).Append('\n');
}
