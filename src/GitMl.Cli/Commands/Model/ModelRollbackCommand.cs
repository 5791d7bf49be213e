using System.CommandLine;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model rollback NAME` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelRollbackCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var stage = new Option<string>("--stage", "-s") { Description = "The stage to roll back.", DefaultValueFactory = _ => ModelStage.Production };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("rollback",
            "Put the previous version back in a stage and archive the failing one, in one step.\n\n" +
            "The previous version is the one the last promotion replaced (the N-1 rollback target).\n\n" +
            "Example:\n  git ml model rollback customer-churn-rf -m 'accuracy dropped 8% after release'")
        {
            name, stage, message, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () => Report(cli, Open(cli).Rollback(r.GetValue(name)!, r.GetValue(stage)!, r.GetValue(message)!), r.GetValue(json))));
        return command;
    }
}
