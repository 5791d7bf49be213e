using System.CommandLine;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model delete NAME VERSION` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelDeleteCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var version = VersionArgument();
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("delete",
            "Mark a version deleted (kept in the audit trail; gc may then remove its bytes).\n\n" +
            "Refused for a version in Staging or Production, the target of an alias, or a rollback target (N-1).\n" +
            "The version number is never reused.\n\n" +
            "Example:\n  git ml model delete customer-churn-rf 3 -m 'trained on leaked labels'")
        {
            name, version, message, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () => Report(cli, Open(cli).Delete(r.GetValue(name)!, r.GetValue(version), r.GetValue(message)!), r.GetValue(json))));
        return command;
    }
}
