using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Remotes;
using GitMl.Core.Transfer;

namespace GitMl.Cli.Commands;

/// <summary>`git ml push [REMOTE]`: upload content to a data remote.</summary>
public static class PushCommand
{
    public static Command Create(CliContext cli)
    {
        var remote = new Argument<string?>("remote") { Arity = ArgumentArity.ZeroOrOne, Description = "The data remote (default: the default remote)." };
        var all = new Option<bool>("--all") { Description = "Everything every branch and tag refers to, all history, and every run and registry version." };
        var revs = new Option<string[]>("--rev") { Description = "Only what these revisions' history refers to (repeatable).", AllowMultipleArgumentsPerToken = true };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Objects to upload at once (default: the remote's jobs option, or 8)." };
        var json = CommonOptions.Json();
        var command = new Command("push",
            "Upload content to a data remote.\n\n" +
            "Upload content to a data remote, skipping what it already has. By default: the current commit's files, and\n" +
            "the objects of the current branch's commits that no remote-tracking branch has yet (what `git push` uploads\n" +
            "through the pre-push hook), so a second data remote gets what it lacks even after `git push`.\n" +
            "Experiment runs (refs/notes/ml-runs) and the model registry go to the Git remote (the branch's upstream, else\n" +
            "origin) with the objects they refer to.")
        {
            remote, all, revs, jobs, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var target = new DataRemotes(repo).Resolve(r.GetValue(remote));
            string? gitRemote = SharedRefSync.GitRemote(repo);
            var pointers = UploadPlan.For(repo, TransferSelection.ForPush(repo, r.GetValue(all), r.GetValue(revs) ?? []), gitRemote, everySharedRef: r.GetValue(all)).All;
            var progress = cli.Progress($"uploading to {target.Name}");
            var result = new DataTransfer(repo, cli.BlobStores())
                .PushAsync(target, pointers, DataTransfer.OptionsFor(target, r.GetValue(jobs)), progress, CancellationToken.None).GetAwaiter().GetResult();
            progress?.Finish();
            bool shared = !result.Succeeded || gitRemote is null || SharedRefSync.Push(cli, repo, gitRemote);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, PushReportJson.From(target, result), CliJsonContext.Default.PushReportJson);
            }
            else
            {
                TransferMessages.WritePushFailure(cli.Error, target, result);
                cli.Out.WriteLine($"Uploaded {result.Report.Transferred} object(s), {ByteSize.Format(result.Report.Bytes)}, to {target}; {result.Report.Skipped} already there.");
            }
            return result.Succeeded && shared ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
