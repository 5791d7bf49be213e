using System.CommandLine;
using GitMl.Core.Install;
using GitMl.Git;

namespace GitMl.Cli.Commands;

/// <summary>`git ml uninstall`: removes exactly what install added.</summary>
public static class UninstallCommand
{
    public static Command Create(CliContext cli)
    {
        var local = new Option<bool>("--local") { Description = "Remove git-ml from this repository's config." };
        var global = new Option<bool>("--global") { Description = "Remove git-ml from the user's config (the default)." };
        var system = new Option<bool>("--system") { Description = "Remove git-ml from the system config." };
        var json = CommonOptions.Json();
        var command = new Command("uninstall",
            "Remove exactly what install added.\n\n" +
            "Remove git-ml's config entries (in one scope) and its hooks (in the current repository). Only what\n" +
            "git-ml wrote is removed; hooks that git-ml had chained are put back. Stored content (.git/ml) is kept.")
        {
            local, global, system, json,
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
            var changes = new InstallService(git, layout).Uninstall(scope);
            InstallReportPrinter.Print(cli, changes, scope, result.GetValue(json), installing: false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
