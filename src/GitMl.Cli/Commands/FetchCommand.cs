using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Remotes;
using GitMl.Core.Settings;
using GitMl.Core.Transfer;

namespace GitMl.Cli.Commands;

/// <summary>`git ml fetch [REMOTE]`: download content into the local store.</summary>
public static class FetchCommand
{
    public sealed record Options(Argument<string?> Remote, Option<bool> All, Option<string[]> Revs, Option<string[]> Include, Option<string[]> Exclude, Option<int?> Jobs, Option<bool> Json);

    public static Options CreateOptions() => new(
        new Argument<string?>("remote") { Arity = ArgumentArity.ZeroOrOne, Description = "The data remote (default: the default remote)." },
        new Option<bool>("--all") { Description = "Everything every branch and tag refers to, all history." },
        new Option<string[]>("--rev") { Description = "What these revisions' files need (repeatable); default HEAD.", AllowMultipleArgumentsPerToken = true },
        new Option<string[]>("--include", "-I") { Description = "Only paths matching these patterns (default: ml.fetchInclude).", AllowMultipleArgumentsPerToken = true },
        new Option<string[]>("--exclude", "-X") { Description = "Leave out paths matching these patterns (default: ml.fetchExclude).", AllowMultipleArgumentsPerToken = true },
        new Option<int?>("--jobs", "-j") { Description = "Objects to download at once (default: the remote's jobs option, or 8)." },
        CommonOptions.Json());

    public static Command Create(CliContext cli)
    {
        var o = CreateOptions();
        var command = new Command("fetch",
            "Download content from a data remote into the local store.\n\n" +
            "Download content from a data remote into the local store, verifying every byte, without touching the\n" +
            "working tree (see `git ml pull`). By default: what the current commit's files need. Experiment runs and the\n" +
            "model registry are fetched from the Git remote (the branch's upstream, else origin) and merged first.\n\n" +
            "Example:\n  git ml fetch --include 'data/raw/**' --exclude '*.tmp'")
        {
            o.Remote, o.All, o.Revs, o.Include, o.Exclude, o.Jobs, o.Json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var (repo, target, result) = Fetch(cli, r, o, out bool sharedClean);
            if (r.GetValue(o.Json))
            {
                CommonOptions.WriteJson(cli.Out, FetchReportJson.From(target, result, materialized: null), CliJsonContext.Default.FetchReportJson);
            }
            else
            {
                Report(cli, target, result);
            }
            return result.Report.Succeeded && sharedClean ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>Runs a fetch as the options ask (shared with pull).</summary>
    /// <remarks>Run notes and the registry are fetched from the Git remote first; <paramref name="sharedClean"/> is false when one of them conflicted.</remarks>
    public static (MlRepository Repo, DataRemote Remote, DataTransfer.FetchResult Result) Fetch(CliContext cli, ParseResult r, Options o, out bool sharedClean)
    {
        var repo = cli.Repository;
        sharedClean = SharedRefSync.Fetch(cli, repo);
        var target = new DataRemotes(repo).Resolve(r.GetValue(o.Remote));
        string[] include = r.GetValue(o.Include) is { Length: > 0 } i ? i : [.. repo.Config.GetAll(SettingKeys.FetchInclude)];
        string[] exclude = r.GetValue(o.Exclude) is { Length: > 0 } x ? x : [.. repo.Config.GetAll(SettingKeys.FetchExclude)];
        var pointers = TransferSelection.ForFetch(repo, r.GetValue(o.All), r.GetValue(o.Revs) ?? [], include, exclude);
        var progress = cli.Progress($"downloading from {target.Name}");
        var result = new DataTransfer(repo, cli.BlobStores())
            .FetchAsync(target, pointers, DataTransfer.OptionsFor(target, r.GetValue(o.Jobs)), progress, CancellationToken.None).GetAwaiter().GetResult();
        progress?.Finish();
        return (repo, target, result);
    }

    public static void Report(CliContext cli, DataRemote remote, DataTransfer.FetchResult result)
    {
        TransferMessages.WriteFailures(cli.Error, "download", remote, result.Report);
        cli.Out.WriteLine($"Downloaded {result.Report.Transferred} object(s), {ByteSize.Format(result.Report.Bytes)}, from {remote}; {result.AlreadyPresent} already here.");
    }
}
