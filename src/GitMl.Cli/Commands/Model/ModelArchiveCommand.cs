using System.CommandLine;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model archive NAME VERSION` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelArchiveCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var version = VersionArgument();
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("archive",
            "Retire a version (it stays available; the retention policy may prune it later).\n\n" +
            "A Production version cannot be archived: promote another or roll back first.\n\n" +
            "Example:\n  git ml model archive customer-churn-rf 1 -m 'superseded'")
        {
            name, version, message, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () => Report(cli, Open(cli).Archive(r.GetValue(name)!, r.GetValue(version), r.GetValue(message)!), r.GetValue(json))));
        return command;
    }
}
