using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model list` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelListCommand
{
    public static Command Create(CliContext cli)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List models with their latest version, stages and aliases.\n\nExample:\n  git ml model list --json") { json };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var models = Open(cli).Read().Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, models.Select(m => ModelJson.From(m, withVersions: false)).ToList(), CliJsonContext.Default.ListModelJson);
                return ExitCodes.Success;
            }
            if (models.Count == 0)
            {
                cli.Out.WriteLine("No models registered yet: git ml model register NAME PATH");
            }
            foreach (var m in models)
            {
                cli.Out.WriteLine(ModelPrinter.Summary(m));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
