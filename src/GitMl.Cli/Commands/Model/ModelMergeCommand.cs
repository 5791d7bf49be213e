using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model merge COMMIT [--prefer ours|theirs]` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelMergeCommand
{
    public static Command Create(CliContext cli)
    {
        var commit = new Argument<string>("commit") { Description = "A fetched registry commit or ref, e.g. refs/ml/remotes/origin/ml/registry." };
        var remote = new Option<string>("--remote") { Description = "The remote it came from (for messages).", DefaultValueFactory = _ => "the remote" };
        var prefer = new Option<string?>("--prefer") { Description = "Settle conflicts with one side: ours (keep the local registry's choice) or theirs." };
        var json = CommonOptions.Json();
        var command = new Command("merge",
            "Merge a fetched registry into the local one (what fetch does; use it to settle conflicts).\n\n" +
            "Different models, and independent changes to one model, merge by themselves. The same stage or alias\n" +
            "changed differently on both sides is a conflict: nothing changes until you choose with --prefer.\n\n" +
            "`git ml fetch` and `git ml push` (and `git push` through the pre-push hook) already fetch the remote's\n" +
            "registry into refs/ml/remotes/REMOTE/ml/registry and merge it; use this command to settle a conflict.\n\n" +
            "Examples:\n  git ml model merge refs/ml/remotes/origin/ml/registry --remote origin\n" +
            "  git ml model merge refs/ml/remotes/origin/ml/registry --remote origin --prefer theirs")
        {
            commit, remote, prefer, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var preference = r.GetValue(prefer) switch
            {
                null => MergePreference.None,
                "ours" => MergePreference.Ours,
                "theirs" => MergePreference.Theirs,
                var other => throw new ArgumentException($"--prefer '{other}': use ours or theirs"),
            };
            var result = new RegistryRef(preference).Integrate(cli.Repository, r.GetValue(remote)!, r.GetValue(commit)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new RegistryMergeJson(result.Outcome.ToString(), result.Summary, result.Conflicts, result.Rewrites), CliJsonContext.Default.RegistryMergeJson);
            }
            else if (result.Stopped)
            {
                Core.Sharing.SharedRefReport.Write(cli.Error, [result]);
            }
            else
            {
                cli.Out.WriteLine(result.Summary + ".");
            }
            return result.Stopped ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }
}
