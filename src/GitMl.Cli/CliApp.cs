using System.CommandLine;
using GitMl.Cli.Commands;
using GitMl.Cli.Help;

namespace GitMl.Cli;

/// <summary>The command tree of `git ml`. Each verb lives in its own file under Commands/.</summary>
public static class CliApp
{
    /// <summary>Runs the command line <paramref name="args"/> in <paramref name="cli"/>'s streams, environment and folder.</summary>
    public static int Run(string[] args, CliContext cli)
    {
        var root = new RootCommand(
            "git-ml versions code, data, models and experiments together, inside Git.\n" +
            "Large files go through a Git filter that keeps small pointers in Git and the bytes in a local store;\n" +
            "hooks keep large files out of history by accident. Use it as `git ml <command>`.")
        {
            InstallCommand.Create(cli),
            UninstallCommand.Create(cli),
            InitCommand.Create(cli),
            TrackCommand.Create(cli),
            UntrackCommand.Create(cli),
            AddCommand.Create(cli),
            LsFilesCommand.Create(cli),
            RemoteCommand.Create(cli),
            PushCommand.Create(cli),
            FetchCommand.Create(cli),
            PullCommand.Create(cli),
            StatusCommand.Create(cli),
            FsckCommand.Create(cli),
            GcCommand.Create(cli),
            ReproCommand.Create(cli),
            DagCommand.Create(cli),
            ImportUrlCommand.Create(cli),
            ImportUrlCommand.Update(cli),
            ParamsCommand.Create(cli),
            MetricsCommand.Create(cli),
            PlotsCommand.Create(cli),
            RunCommand.Create(cli),
            LogCommand.Create(cli),
            RunsCommand.Create(cli),
            ServeCommand.Create(cli),
            UiCommand.Create(cli),
            ModelCommand.Create(cli),
            LineageCommand.Create(cli),
            DataCommand.Create(cli),
            DriftCommand.Create(cli),
            ImportCommand.Create(cli),
            VersionCommand.Create(cli),
            FilterProcessCommand.Create(cli),
            OneShotFilterCommand.Clean(cli),
            OneShotFilterCommand.Smudge(cli),
            HookCommand.Create(cli),
            MergeDriverCommand.Create(cli),
        };
        root.Subcommands.Add(HelpCommand.Create(cli, root));
        if (args is [] or ["-h"] or ["--help"] or ["-?"])
        {
            cli.Out.Write(HelpText.Overview(root));
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }
        var parsed = root.Parse(args);
        // Help asked for is help given, whatever else the line holds; otherwise a line that does not parse is a usage error.
        if (parsed.Action is System.CommandLine.Help.HelpAction)
        {
            return parsed.Invoke(Invocation(cli));
        }
        var problems = ParseErrors.Problems(parsed);
        return problems.Count > 0 ? ParseErrors.Report(cli.Error, parsed, problems) : parsed.Invoke(Invocation(cli));
    }

    /// <summary>System.CommandLine's own output (help) goes to the context's streams too.</summary>
    public static InvocationConfiguration Invocation(CliContext cli) => new() { Output = cli.Out, Error = cli.Error };
}
