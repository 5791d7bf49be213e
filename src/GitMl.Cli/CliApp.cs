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
            VersionCommand.Create(),
            FilterProcessCommand.Create(),
            OneShotFilterCommand.Clean(),
            OneShotFilterCommand.Smudge(),
            HookCommand.Create(),
            MergeDriverCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
