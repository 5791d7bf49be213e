using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model get URI -o PATH` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelGetCommand
{
    public static Command Create(CliContext cli)
    {
        var uri = UriArgument();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the model (a file, or a directory for a directory model).", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("get",
            "Write the bytes a model URI names to a path, verified.\n\n" +
            "Content missing from the local store is fetched from the default data remote first; every byte is\n" +
            "checked against the version's sha256 before the file appears.\n\n" +
            "Examples:\n  git ml model get models:/customer-churn-rf/Production -o serving/model.pkl\n" +
            "  GIT_ML_MODEL_STAGE=Production git ml model get models:/customer-churn-rf -o /srv/model.pkl")
        {
            uri, output, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var (resolved, written) = Open(cli).Get(ModelUri.Parse(r.GetValue(uri)!), r.GetValue(output)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, ModelResolveJson.From(resolved, written), CliJsonContext.Default.ModelResolveJson);
                return ExitCodes.Success;
            }
            cli.Out.WriteLine($"Wrote {resolved.Uri} (version {resolved.Version.Number}, {resolved.Version.Oid[..10]}) to {(written.Count == 1 ? written[0] : $"{r.GetValue(output)} ({written.Count} files)")}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
