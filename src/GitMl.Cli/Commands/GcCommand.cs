using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Maintenance;
using GitMl.Core.Remotes;

namespace GitMl.Cli.Commands;

/// <summary>`git ml gc`: remove stored objects nothing in the chosen scope refers to.</summary>
public static class GcCommand
{
    public static Command Create()
    {
        var branches = new Option<bool>("--all-branches") { Description = "Keep what every branch tip refers to." };
        var tags = new Option<bool>("--all-tags") { Description = "Keep what every tag refers to." };
        var commits = new Option<bool>("--all-commits") { Description = "Keep what any commit of any branch or tag refers to." };
        var days = new Option<int?>("--keep-days") { Description = "Keep what commits of the last N days refer to." };
        var remote = new Option<string?>("--remote", "-r") { Description = "Collect on this data remote instead of locally. Whatever the scope, a remote keeps everything any ref of this clone reaches (fetch first)." };
        var force = new Option<bool>("--force", "-f") { Description = "Delete. Without it gc only lists what it would delete." };
        var json = CommonOptions.Json();
        var command = new Command("gc",
            "Remove objects nothing in a chosen scope refers to (dry run first).\n\n" +
            "Remove objects that nothing in the chosen scope refers to. The working tree and index are always kept.\n" +
            "A dry run by default: it lists what it would delete; add --force to delete.\n\n" +
            "Examples:\n  git ml gc --all-branches --all-tags           # what would go\n  git ml gc --all-branches --all-tags --force   # delete it")
        {
            branches, tags, commits, days, remote, force, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var repo = MlRepository.Open(Environment.CurrentDirectory);
            var scope = new GcScope(r.GetValue(branches), r.GetValue(tags), r.GetValue(commits), r.GetValue(days));
            var collector = new GarbageCollector(repo);
            bool delete = r.GetValue(force);
            DataRemote? target = r.GetValue(remote) is { } name ? new DataRemotes(repo).Resolve(name) : null;
            var factory = new BlobStoreFactory();
            var plan = target is null ? collector.PlanLocal(scope) : collector.PlanRemoteAsync(target, factory, CancellationToken.None).GetAwaiter().GetResult();
            if (delete)
            {
                if (target is null)
                {
                    collector.DeleteLocal(plan);
                }
                else
                {
                    GarbageCollector.DeleteRemoteAsync(target, factory, plan, CancellationToken.None).GetAwaiter().GetResult();
                }
            }
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(new GcReportJson(target?.Name ?? "local", delete, plan.Kept, plan.Bytes, plan.Delete.Select(c => c.Oid.Hex).ToList()), CliJsonContext.Default.GcReportJson);
                return ExitCodes.Success;
            }
            string where = target?.ToString() ?? "the local store";
            Console.Out.WriteLine($"Keeping what {string.Join(", ", KeepSet.Describe(target is null ? scope : GcScope.EverythingReachable))} refer to: {plan.Kept} object(s) in {where}.");
            foreach (var candidate in plan.Delete)
            {
                Console.Out.WriteLine($"  {(delete ? "deleted" : "would delete")} {candidate.Oid.Hex}  {ByteSize.Format(candidate.Size)}");
            }
            Console.Out.WriteLine(delete
                ? $"Deleted {plan.Delete.Count} object(s), {ByteSize.Format(plan.Bytes)}."
                : $"{plan.Delete.Count} object(s), {ByteSize.Format(plan.Bytes)}, would be deleted. Run again with --force to delete them.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
