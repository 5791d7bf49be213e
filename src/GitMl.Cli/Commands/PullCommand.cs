using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core.Filters;
using GitMl.Core.Hooks;
using GitMl.Core.Objects;

namespace GitMl.Cli.Commands;

/// <summary>`git ml pull [REMOTE]`: fetch, then put the content into the working tree.</summary>
public static class PullCommand
{
    public static Command Create(CliContext cli)
    {
        var o = FetchCommand.CreateOptions();
        var command = new Command("pull",
            "Fetch content and put it into the working tree.\n\n" +
            "Fetch content from a data remote (as `git ml fetch`, same options) and replace the pointers in the\n" +
            "working tree by it. Git's index stays in step, so `git status` stays clean.")
        {
            o.Remote, o.All, o.Revs, o.Include, o.Exclude, o.Jobs, o.Json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var (repo, target, result) = FetchCommand.Fetch(cli, r, o, out bool sharedClean);
            var materialized = WorktreeMaterializer.Run(repo, new List<IObjectSource>());
            if (r.GetValue(o.Json))
            {
                CommonOptions.WriteJson(cli.Out, FetchReportJson.From(target, result, materialized.Materialized.Count), CliJsonContext.Default.FetchReportJson);
            }
            else
            {
                FetchCommand.Report(cli, target, result);
                if (!materialized.FilterNotConfigured)
                {
                    cli.Out.WriteLine($"Materialised {materialized.Materialized.Count} file(s) in the working tree.");
                }
                foreach (var (path, pointer) in materialized.Missing.Take(10))
                {
                    cli.Error.WriteLine($"git-ml: still a pointer (content not available): {path} ({pointer.Oid.Short})");
                }
            }
            if (materialized.FilterNotConfigured)
            {
                cli.Error.WriteLine($"git-ml: error: {NextSteps.FilterNotConfigured}");
            }
            WorktreeMaterializer.ReportStillPointers(cli.Error, materialized);
            foreach (var (path, error) in materialized.Corrupt)
            {
                cli.Error.WriteLine($"git-ml: error: '{path}' is still a pointer: object {error.Oid} in the local store is corrupt ({error.Detail}); it was quarantined, run 'git ml pull' again to fetch a good copy");
            }
            foreach (var error in materialized.Refused)
            {
                cli.Error.WriteLine($"git-ml: error: {error.Message}");
            }
            bool worktreeDone = !materialized.FilterNotConfigured && materialized.Corrupt.Count == 0 && materialized.StillPointers.Count == 0 && materialized.Refused.Count == 0;
            return result.Report.Succeeded && sharedClean && worktreeDone ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
