using System.CommandLine;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model unalias NAME ALIAS` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelUnaliasCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var alias = new Argument<string>("alias") { Description = "The alias to remove." };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("unalias", "Remove an alias from a model.\n\nExample:\n  git ml model unalias customer-churn-rf champion") { name, alias, message, json };
        command.SetAction(r => CommandRunner.Run(cli, () => Report(cli, Open(cli).RemoveAlias(r.GetValue(name)!, r.GetValue(alias)!, r.GetValue(message)!), r.GetValue(json))));
        return command;
    }
}
