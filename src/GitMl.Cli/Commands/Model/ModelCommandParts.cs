using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Registry;

namespace GitMl.Cli.Commands;

/// <summary>What the `git ml model` verbs share: their arguments and options, the registry they open, and how a change is reported.</summary>
internal static class ModelCommandParts
{
    public static Argument<string> NameArgument() => new("name") { Description = "The model name, e.g. customer-churn-rf (letters, digits, '.', '_', '-')." };

    public static Argument<int> VersionArgument() => new("version") { Description = "The version number." };

    public static Option<string> MessageOption() => new("--message", "-m") { Description = "Why: recorded in the audit trail (git ml model history).", DefaultValueFactory = _ => "" };

    public static ModelRegistry Open(CliContext cli) => new(cli.Repository, cli.BlobStores());

    public static Argument<string> UriArgument() => new("uri") { Description = "models:/NAME/VERSION, models:/NAME/Staging|Production, models:/NAME@ALIAS, models:/NAME/latest, or models:/NAME with GIT_ML_MODEL_STAGE set." };

    public static int Report(CliContext cli, ModelChange change, bool json, string? extra = null) => Report(cli, [change], json, extra);

    public static int Report(CliContext cli, IReadOnlyList<ModelChange> changes, bool json, string? extra = null)
    {
        if (json)
        {
            CommonOptions.WriteJson(cli.Out, changes.Select(ModelChangeJson.From).ToList(), CliJsonContext.Default.ListModelChangeJson);
            return ExitCodes.Success;
        }
        foreach (var change in changes)
        {
            cli.Out.WriteLine(change.Summary + ".");
        }
        if (extra is not null)
        {
            cli.Out.WriteLine(extra);
        }
        return ExitCodes.Success;
    }
}
