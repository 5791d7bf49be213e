using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model show NAME [VERSION]` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelShowCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var version = new Argument<int?>("version") { Arity = ArgumentArity.ZeroOrOne, Description = "One version in detail (default: the model and all its versions)." };
        var json = CommonOptions.Json();
        var command = new Command("show",
            "Show a model's versions, or one version's full record (oid, commit, run, params, metrics, data).\n\n" +
            "Examples:\n  git ml model show customer-churn-rf\n  git ml model show customer-churn-rf 2 --json")
        {
            name, version, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var model = Open(cli).Read().Require(r.GetValue(name)!);
            if (r.GetValue(version) is int number)
            {
                var v = model.Require(number);
                if (r.GetValue(json))
                {
                    CommonOptions.WriteJson(cli.Out, ModelVersionJson.From(model, v), CliJsonContext.Default.ModelVersionJson);
                }
                else
                {
                    ModelPrinter.Version(cli.Out, model, v);
                }
                return ExitCodes.Success;
            }
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, ModelJson.From(model, withVersions: true), CliJsonContext.Default.ModelJson);
            }
            else
            {
                ModelPrinter.Model(cli.Out, model);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
