using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Maintenance;
using GitMl.Core.Remotes;

namespace GitMl.Cli.Commands;

/// <summary>`git ml gc`: remove stored objects that nothing Git keeps, nor the chosen scope, refers to.</summary>
public static class GcCommand
{
    public static Command Create(CliContext cli)
    {
        var branches = new Option<bool>("--all-branches") { Description = "Keep what every branch tip refers to (always kept; accepted as dvc gc takes it)." };
        var tags = new Option<bool>("--all-tags") { Description = "Keep what every tag refers to (always kept; accepted as dvc gc takes it)." };
        var commits = new Option<bool>("--all-commits") { Description = "Also keep what any commit of any branch or tag refers to." };
        var days = new Option<int?>("--keep-days") { Description = "Also keep what commits of the last N days refer to." };
        var prune = new Option<string?>("--prune") { Description = $"Delete unreferenced objects stored before this date (git's forms: now, never, 2.weeks.ago, 2026-01-31). Default: git config {GracePeriod.Key}, else {GracePeriod.Default}.", HelpName = "date" };
        var remote = new Option<string?>("--remote", "-r") { Description = "Collect on this data remote instead of locally. Whatever the scope, a remote keeps everything any ref of this clone reaches (fetch first)." };
        var force = new Option<bool>("--force", "-f") { Description = "Delete. Without it gc only lists what it would delete." };
        var json = CommonOptions.Json();
        var command = new Command("gc",
            "Remove objects nothing Git keeps or the chosen scope refers to (dry run first).\n\n" +
            "Always kept, whatever the scope: what Git itself keeps (the files of every ref's tip, each worktree's HEAD and\n" +
            "index, every stash entry, reflog entries within gc.reflogExpire, a merge, rebase or cherry-pick in progress),\n" +
            "model registry versions and experiment runs, and every object stored within the grace period\n" +
            $"({GracePeriod.Key}, default {GracePeriod.Default}: gc never races an add or a fetch). --prune=now lifts it.\n" +
            "A dry run by default: it lists what it would delete; add --force to delete.\n\n" +
            "Examples:\n  git ml gc                        # what would go\n  git ml gc --force                # delete it\n  git ml gc --force --prune=now    # also objects stored in the last two weeks")
        {
            branches, tags, commits, days, prune, remote, force, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var scope = new GcScope(r.GetValue(branches), r.GetValue(tags), r.GetValue(commits), r.GetValue(days));
            var grace = GracePeriod.Resolve(repo, r.GetValue(prune));
            var collector = new GarbageCollector(repo);
            bool delete = r.GetValue(force);
            DataRemote? target = r.GetValue(remote) is { } name ? new DataRemotes(repo).Resolve(name) : null;
            var factory = cli.BlobStores();
            var plan = target is null ? collector.PlanLocal(scope, grace) : collector.PlanRemoteAsync(target, factory, grace, CancellationToken.None).GetAwaiter().GetResult();
            if (delete)
            {
                plan = target is null
                    ? collector.DeleteLocal(plan, grace)
                    : GarbageCollector.DeleteRemoteAsync(target, factory, plan, grace, CancellationToken.None).GetAwaiter().GetResult();
            }
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new GcReportJson(target?.Name ?? "local", delete, plan.Kept, plan.Bytes, plan.Delete.Select(c => c.Oid.Hex).ToList(), plan.Recent, plan.Leftovers.Count), CliJsonContext.Default.GcReportJson);
                return ExitCodes.Success;
            }
            string where = target?.ToString() ?? "the local store";
            cli.Out.WriteLine($"Keeping what {string.Join(", ", KeepSet.Describe(target is null ? scope : GcScope.EverythingReachable))} refer to: {plan.Kept} object(s) in {where}.");
            if (plan.Recent > 0)
            {
                cli.Out.WriteLine($"Also keeping {plan.Recent} object(s) nothing refers to, {grace.Describe()}; --prune=now deletes them too.");
            }
            foreach (var candidate in plan.Delete)
            {
                cli.Out.WriteLine($"  {(delete ? "deleted" : "would delete")} {candidate.Oid.Hex}  {ByteSize.Format(candidate.Size)}");
            }
            cli.Out.WriteLine(delete
                ? $"Deleted {plan.Delete.Count} object(s), {ByteSize.Format(plan.Bytes)}."
                : $"{plan.Delete.Count} object(s), {ByteSize.Format(plan.Bytes)}, would be deleted. Run again with --force to delete them.");
            if (plan.Leftovers.Count > 0)
            {
                cli.Out.WriteLine(delete
                    ? $"Removed {plan.Leftovers.Count} leftover temporary file(s) of interrupted commands."
                    : $"{plan.Leftovers.Count} leftover temporary file(s) of interrupted commands would be removed.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
