using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Maintenance;
using GitMl.Core.Remotes;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml fsck`: re-hash stored objects.</summary>
public static class FsckCommand
{
    public static Command Create(CliContext cli)
    {
        var remote = new Option<string?>("--remote", "-r") { Description = "Also download and re-hash every object of this data remote." };
        var json = CommonOptions.Json();
        var command = new Command("fsck",
            "Check every stored object (and a remote's) against its hash.\n\n" +
            "Re-hash every object in the local store; a corrupt one is moved to .git/ml/quarantine so it is never served\n" +
            "again (fetch it anew with git ml pull). With --remote, also check every object of a data remote.")
        {
            remote, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var local = new StoreCheck(repo).CheckLocal();
            StoreCheck.Result? remoteResult = null;
            DataRemote? target = null;
            if (r.GetValue(remote) is { } name)
            {
                target = new DataRemotes(repo).Resolve(name);
                var progress = cli.Progress($"checking {target.Name}");
                remoteResult = StoreCheck.CheckRemoteAsync(target, cli.BlobStores(), progress, CancellationToken.None).GetAwaiter().GetResult();
                progress?.Finish();
            }
            var lfsPointers = GitLfsPointers.AtGitMlPaths(repo);
            foreach (string path in lfsPointers)
            {
                cli.Error.WriteLine($"git-ml: error: {GitLfsPointers.Describe(path)}.");
            }
            bool clean = local.Problems.Count == 0 && (remoteResult?.Problems.Count ?? 0) == 0 && lfsPointers.Count == 0;
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new FsckReportJson(FsckPartJson.From(local), target?.Name, remoteResult is null ? null : FsckPartJson.From(remoteResult)), CliJsonContext.Default.FsckReportJson);
                return clean ? ExitCodes.Success : ExitCodes.Failure;
            }
            Print(cli, "local store", local);
            if (remoteResult is not null)
            {
                Print(cli, target!.ToString(), remoteResult);
            }
            return clean ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static void Print(CliContext cli, string where, StoreCheck.Result result)
    {
        cli.Out.WriteLine($"{where}: {result.Checked} object(s) checked, {result.Problems.Count} bad.");
        foreach (var (obj, problem) in result.Problems)
        {
            cli.Error.WriteLine($"  {obj}: {problem}");
        }
    }
}
