using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model resolve URI` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelResolveCommand
{
    public static Command Create(CliContext cli)
    {
        var uri = UriArgument();
        var json = CommonOptions.Json();
        var command = new Command("resolve",
            "Print the version, oid, commit and run a model URI names.\n\n" +
            "Examples:\n  git ml model resolve models:/customer-churn-rf/Production\n" +
            "  GIT_ML_MODEL_STAGE=Staging git ml model resolve models:/customer-churn-rf --json")
        {
            uri, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var resolved = Open(cli).Resolve(ModelUri.Parse(r.GetValue(uri)!));
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, ModelResolveJson.From(resolved, null), CliJsonContext.Default.ModelResolveJson);
                return ExitCodes.Success;
            }
            ModelPrinter.Resolved(cli.Out, resolved);
            return ExitCodes.Success;
        }));
        return command;
    }
}
