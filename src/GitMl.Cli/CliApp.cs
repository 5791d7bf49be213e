using System.CommandLine;
using GitMl.Cli.Commands;

namespace GitMl.Cli;

/// <summary>The command tree of `git ml`. Each verb lives in its own file under Commands/.</summary>
public static class CliApp
{
    public static int Run(string[] args)
    {
        var root = new RootCommand(
            "git-ml versions code, data, models and experiments together, inside Git.\n" +
            "Large files go through a Git filter that keeps small pointers in Git and the bytes in a local store;\n" +
            "hooks keep large files out of history by accident. Use it as `git ml <command>`.")
        {
            InstallCommand.Create(),
            UninstallCommand.Create(),
            InitCommand.Create(),
            TrackCommand.Create(),
            UntrackCommand.Create(),
            AddCommand.Create(),
            LsFilesCommand.Create(),
            RemoteCommand.Create(),
            PushCommand.Create(),
            FetchCommand.Create(),
            PullCommand.Create(),
            StatusCommand.Create(),
            FsckCommand.Create(),
            GcCommand.Create(),
            ReproCommand.Create(),
            DagCommand.Create(),
            ParamsCommand.Create(),
            MetricsCommand.Create(),
            RunCommand.Create(),
            LogCommand.Create(),
            RunsCommand.Create(),
            ServeCommand.Create(),
            ModelCommand.Create(),
            LineageCommand.Create(),
            DataCommand.Create(),
            DriftCommand.Create(),
            ImportCommand.Create(),
            VersionCommand.Create(),
            FilterProcessCommand.Create(),
            OneShotFilterCommand.Clean(),
            OneShotFilterCommand.Smudge(),
            HookCommand.Create(),
            MergeDriverCommand.Create(),
        };
        if (args is [] or ["-h"] or ["--help"] or ["-?"])
        {
            Console.Out.Write(Overview(root));
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }
        var parsed = root.Parse(args);
        // Help asked for is help given, whatever else the line holds; otherwise a line that does not parse is a usage error.
        if (parsed.Action is System.CommandLine.Help.HelpAction)
        {
            return parsed.Invoke();
        }
        var problems = ParseErrors.Problems(parsed);
        return problems.Count > 0 ? ParseErrors.Report(parsed, problems) : parsed.Invoke();
    }

    /// <summary>
    /// `git ml --help`: one line per command (the first line of its description), grouped the way people use
    /// them. Each command's own --help has the whole story, with examples.
    /// </summary>
    private static string Overview(RootCommand root)
    {
        var byName = root.Subcommands.Where(c => !c.Hidden).ToDictionary(c => c.Name);
        var sb = new System.Text.StringBuilder();
        sb.Append(root.Description).Append("\n\nUsage: git ml <command> [options]   (git ml <command> --help for details and examples)\n");
        (string Title, string[] Commands)[] groups =
        [
            ("Set up", ["install", "uninstall", "init"]),
            ("Track files", ["track", "untrack", "add", "ls-files", "status"]),
            ("Share data", ["remote", "push", "fetch", "pull"]),
            ("Pipelines", ["repro", "dag", "params", "metrics"]),
            ("Experiments", ["run", "log", "runs", "serve"]),
            ("Models", ["model", "lineage", "data", "drift"]),
            ("Move from DVC", ["import"]),
            ("Look after the store", ["fsck", "gc"]),
            ("About", ["version"]),
        ];
        foreach (var (title, names) in groups)
        {
            sb.Append('\n').Append(title).Append(":\n");
            foreach (string name in names.Where(byName.ContainsKey))
            {
                string summary = (byName[name].Description ?? "").Split('\n')[0].TrimEnd(':');
                sb.Append("  ").Append(name.PadRight(10)).Append(' ').Append(summary).Append('\n');
                byName.Remove(name);
            }
        }
        foreach (var rest in byName.Values)
        {
            sb.Append("  ").Append(rest.Name.PadRight(10)).Append(' ').Append((rest.Description ?? "").Split('\n')[0]).Append('\n');
        }
        return sb.ToString();
    }
}
