using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model prune [--force]` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelPruneCommand
{
    public static Command Create(CliContext cli)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Mark them deleted. Without it prune only lists what it would delete." };
        var json = CommonOptions.Json();
        var command = new Command("prune",
            "Mark deleted the versions the retention policy allows (dry run first).\n\n" +
            "The policy is committed in .mlconfig: ml.registry.archivedRetentionDays (versions archived at least N\n" +
            "days ago) and ml.registry.keepVersions (versions older than the newest K per model); either allows.\n" +
            "Versions in a stage, behind an alias or kept as rollback target are never pruned. Then `git ml gc`\n" +
            "can remove their bytes.\n\n" +
            "Examples:\n  git config -f .mlconfig ml.registry.keepVersions 5\n  git ml model prune          # what would go\n  git ml model prune --force  # mark it deleted")
        {
            force, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var result = Open(cli).Prune(r.GetValue(force), DateTimeOffset.UtcNow);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new ModelPruneJson(result.Deleted, result.Policy.ArchivedRetentionDays, result.Policy.KeepVersions,
                    result.Versions.Select(v => new ModelPruneEntryJson(v.Model, v.Version, v.Reason)).ToList()), CliJsonContext.Default.ModelPruneJson);
                return ExitCodes.Success;
            }
            if (result.Policy.IsEmpty)
            {
                cli.Out.WriteLine("No retention policy: set ml.registry.archivedRetentionDays and/or ml.registry.keepVersions in .mlconfig.");
                return ExitCodes.Success;
            }
            foreach (var (model, version, reason) in result.Versions)
            {
                cli.Out.WriteLine($"  {(r.GetValue(force) ? "deleted" : "would delete")} {model} version {version}: {reason}");
            }
            cli.Out.WriteLine(r.GetValue(force)
                ? $"Marked {result.Versions.Count} version(s) deleted; `git ml gc` can now remove their bytes."
                : $"{result.Versions.Count} version(s) would be marked deleted. Run again with --force to do it.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
