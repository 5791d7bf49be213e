using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model history NAME` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelHistoryCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var json = CommonOptions.Json();
        var command = new Command("history",
            "Every change to a model: when, who, what, from, to, and why.\n\nExample:\n  git ml model history customer-churn-rf")
        {
            name, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var model = Open(cli).Read().Require(r.GetValue(name)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new ModelHistoryJson(model.Name, model.Events.Select(ModelEventJson.Of).ToList()), CliJsonContext.Default.ModelHistoryJson);
                return ExitCodes.Success;
            }
            foreach (var e in model.Events)
            {
                cli.Out.WriteLine(ModelPrinter.Event(e));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
