using System.CommandLine;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model promote NAME VERSION --stage|--alias` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelPromoteCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var version = VersionArgument();
        var stage = new Option<string?>("--stage", "-s") { Description = "Staging, Production or Archived. Promoting over a Production version keeps it as the rollback target." };
        var alias = new Option<string?>("--alias", "-a") { Description = "Point this alias at the version (moved if it pointed elsewhere), e.g. champion." };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("promote",
            "Move a version to a stage or point an alias at it.\n\n" +
            "Staging and Production hold one version each, and a version is in one stage at a time. The version a\n" +
            "promotion replaces stays that stage's rollback target (N-1) until the next promotion or a rollback.\n\n" +
            "Examples:\n  git ml model promote customer-churn-rf 2 --stage Staging -m 'passed offline eval'\n" +
            "  git ml model promote customer-churn-rf 2 --stage Production -m 'A/B test won'\n" +
            "  git ml model promote customer-churn-rf 2 --alias champion")
        {
            name, version, stage, alias, message, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            string? s = r.GetValue(stage);
            string? a = r.GetValue(alias);
            if (s is null && a is null)
            {
                throw new ArgumentException("say where to: --stage Staging|Production|Archived and/or --alias ALIAS");
            }
            var registry = Open(cli);
            var changes = new List<ModelChange>();
            if (s is not null)
            {
                changes.Add(registry.Promote(r.GetValue(name)!, r.GetValue(version), s, r.GetValue(message)!));
            }
            if (a is not null)
            {
                changes.Add(registry.SetAlias(r.GetValue(name)!, r.GetValue(version), a, r.GetValue(message)!));
            }
            return Report(cli, changes, r.GetValue(json));
        }));
        return command;
    }
}
