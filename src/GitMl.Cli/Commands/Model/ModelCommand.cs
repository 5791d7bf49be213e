using System.CommandLine;
using GitMl.Core.Registry;

namespace GitMl.Cli.Commands;

/// <summary>
/// `git ml model register|promote|unalias|rollback|archive|delete|list|show|history|resolve|get|prune|merge`: the
/// model registry (Core/Registry). Each verb is a file of its own beside this one (Model{Verb}Command.cs): it parses,
/// calls one <see cref="ModelRegistry"/> method and prints; what they share is in <see cref="ModelCommandParts"/>.
/// </summary>
public static class ModelCommand
{
    public static Command Create(CliContext cli) => new("model",
        "Register model versions; promote, alias, roll back; resolve models:/ URIs.\n\n" +
        "The model registry lives in Git (ref refs/ml/registry): every version is immutable and content-addressed\n" +
        "(its bytes are in the git-ml store and travel with `git ml push`), every stage or alias change is recorded\n" +
        "with who, when and why, and a URI resolves to verified bytes in any clone.\n\n" +
        "URIs: models:/NAME/VERSION, models:/NAME/Staging, models:/NAME/Production, models:/NAME@ALIAS,\n" +
        "models:/NAME/latest (newest version not deleted), and models:/NAME, which uses the stage in the\n" +
        "environment variable GIT_ML_MODEL_STAGE (Staging or Production; any other value is an error).\n\n" +
        "The workflow:\n" +
        "  git ml model register customer-churn-rf models/model.pkl -m 'baseline'\n" +
        "  git ml model promote customer-churn-rf 1 --stage Staging\n" +
        "  git ml model promote customer-churn-rf 1 --stage Production\n" +
        "  git ml model register customer-churn-rf models/model.pkl --semver 1.1.0 -m 'more trees'\n" +
        "  git ml model promote customer-churn-rf 2 --stage Production   # version 1 kept as rollback target\n" +
        "  git ml model rollback customer-churn-rf -m 'accuracy dropped'  # 1 back, 2 archived\n" +
        "  git ml model get models:/customer-churn-rf/Production -o serving/model.pkl\n" +
        "  git ml model history customer-churn-rf")
    {
        ModelRegisterCommand.Create(cli), ModelPromoteCommand.Create(cli), ModelUnaliasCommand.Create(cli), ModelRollbackCommand.Create(cli), ModelArchiveCommand.Create(cli), ModelDeleteCommand.Create(cli), ModelListCommand.Create(cli), ModelShowCommand.Create(cli), ModelHistoryCommand.Create(cli), ModelResolveCommand.Create(cli), ModelGetCommand.Create(cli), ModelPruneCommand.Create(cli), ModelMergeCommand.Create(cli),
    };
}
