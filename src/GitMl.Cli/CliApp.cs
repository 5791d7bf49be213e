using System.CommandLine;
using GitMl.Cli.Commands;
using GitMl.Cli.Help;

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
            ImportUrlCommand.Create(),
            ImportUrlCommand.Update(),
            ParamsCommand.Create(),
            MetricsCommand.Create(),
            PlotsCommand.Create(),
            RunCommand.Create(),
            LogCommand.Create(),
            RunsCommand.Create(),
            ServeCommand.Create(),
            UiCommand.Create(),
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
        root.Subcommands.Add(HelpCommand.Create(root));
        if (args is [] or ["-h"] or ["--help"] or ["-?"])
        {
            Console.Out.Write(HelpText.Overview(root));
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
}
