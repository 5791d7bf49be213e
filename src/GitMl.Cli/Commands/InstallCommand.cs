using System.CommandLine;
using GitMl.Core.Install;
using GitMl.Git;

namespace GitMl.Cli.Commands;

/// <summary>`git ml install`: git-ml's filter and merge drivers in git config, and its hooks in the current repository.</summary>
public static class InstallCommand
{
    public static Command Create(CliContext cli)
    {
        var local = new Option<bool>("--local") { Description = "Configure this repository only (.git/config)." };
        var global = new Option<bool>("--global") { Description = "Configure every repository of this user (~/.gitconfig). The default." };
        var system = new Option<bool>("--system") { Description = "Configure every user of this machine (needs write access to the system gitconfig)." };
        var skipHooks = new Option<bool>("--skip-hooks") { Description = "Do not install hooks into the current repository." };
        var json = CommonOptions.Json();
        var command = new Command("install",
            "Set up git-ml for your user (or a repository, or the machine).\n\n" +
            "Set up git-ml: the `ml` filter (clean/smudge through one long-running process), the merge drivers, and\n" +
            "the pre-commit, post-checkout, post-merge and pre-push hooks of the current repository. Safe to run\n" +
            "again: it changes nothing that is already right, and never overwrites a setting or hook it does not\n" +
            "own (an existing hook keeps running, after git-ml's).")
        {
            local, global, system, skipHooks, json,
        };
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var scope = ScopeOption.Resolve(result.GetValue(local), result.GetValue(global), result.GetValue(system));
            var layout = RepositoryLayout.Discover(cli.WorkingDirectory);
            if (scope == InstallScope.Local && layout is null)
            {
                throw new NotARepositoryException(cli.WorkingDirectory);
            }
            var git = new GitCli(layout?.WorkTree ?? cli.WorkingDirectory);
            var changes = new InstallService(git, layout).Install(scope, withHooks: !result.GetValue(skipHooks));
            InstallReportPrinter.Print(cli, changes, scope, result.GetValue(json), installing: true);
            return ExitCodes.Success;
        }));
        return command;
    }
}
