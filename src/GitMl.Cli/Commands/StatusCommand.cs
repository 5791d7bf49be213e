using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;
using GitMl.Core.IO;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;
using GitMl.Core.Remotes;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Commands;

/// <summary>`git ml status`: what is modified, missing here, or not yet on the data remote.</summary>
public static class StatusCommand
{
    public static Command Create(CliContext cli)
    {
        var remote = new Option<string?>("--remote", "-r") { Description = "Also check which content this data remote has (default: the default remote, when there is one)." };
        var local = new Option<bool>("--local-only") { Description = "Do not ask any data remote." };
        var json = CommonOptions.Json();
        var command = new Command("status",
            "Show what is modified, missing here, or not yet on the data remote.\n\n" +
            "Show the state of the files git-ml tracks: modified in the working tree, staged and not committed,\n" +
            "content missing from the local store, content not yet on the data remote. When the repository has a\n" +
            "pipeline (ml.yaml or dvc.yaml), also which stages are stale and why, without running anything.")
        {
            remote, local, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            _ = repo.Settings; // a bad setting is told here, where people look for what is wrong
            if (!repo.FilterConfigured)
            {
                cli.Error.WriteLine($"git-ml: warning: {NextSteps.FilterNotConfigured}");
            }
            // Status only reads: the remotes come from the config read once for this command (with origins).
            var remotes = new DataRemotes(repo, fromSnapshot: true);
            DataRemote? target = r.GetValue(local) ? null : r.GetValue(remote) is { } name ? remotes.Resolve(name) : UsableDefault(cli, remotes);
            // The pipeline's state and the data's are independent: work them out side by side, from one read of the index.
            var index = new IndexSnapshot(repo);
            var pipelineState = Task.Run(() => PipelineState(cli, repo, index));
            var report = new DataStatus(repo).ComputeAsync(target, cli.BlobStores(), CancellationToken.None, index).GetAwaiter().GetResult();
            var entries = report.Entries;
            var (pipeline, stages, pipelineError) = pipelineState.GetAwaiter().GetResult();
            foreach (string path in report.GitLfsPointersAtGitMlPaths)
            {
                cli.Error.WriteLine($"git-ml: warning: {GitLfsPointers.Describe(path)}.");
            }
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out,
                    new StatusReportJson(target?.Name, entries.Select(StatusEntryJson.From).ToList(), stages?.Select(StageResultJson.From).ToList(), pipelineError),
                    CliJsonContext.Default.StatusReportJson);
                return pipelineError is null ? ExitCodes.Success : ExitCodes.Failure;
            }
            Print(cli, entries, target);
            PrintPipeline(cli, pipeline, stages, pipelineError);
            // The data status stands, but the report is incomplete: say so to scripts too.
            return pipelineError is null ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>
    /// The default remote, unless this user has not approved it for their credentials: then status says so and shows the
    /// local state, since nobody asked for that remote by name (an explicit --remote still fails).
    /// </summary>
    private static DataRemote? UsableDefault(CliContext cli, DataRemotes remotes)
    {
        if (remotes.DefaultOrNull() is not { } remote)
        {
            return null;
        }
        if (RemoteAccess.Decide(remote, cli.Environment).Refusal is { } refusal)
        {
            cli.Error.WriteLine($"git-ml: warning: {refusal}");
            cli.Error.WriteLine("git-ml:   Showing the local state only.");
            return null;
        }
        return remote;
    }

    private static void Print(CliContext cli, List<DataStatus.Entry> entries, DataRemote? remote)
    {
        cli.Out.WriteLine($"{entries.Count} file(s) tracked by git-ml{(remote is null ? "" : $"; data remote {remote}")}.");
        Section(cli, "Modified in the working tree (git add to store the new version):", entries.Where(e => e.Modified));
        Section(cli, "Staged, not committed yet:", entries.Where(e => e.Staged));
        Section(cli, "Content not in the local store (git ml pull):", entries.Where(e => !e.Present));
        if (remote is not null)
        {
            Section(cli, $"Not on {remote.Name} yet (git ml push, or git push):", entries.Where(e => e.Pushed == false));
        }
        if (!entries.Any(e => e.Modified || e.Staged || !e.Present || e.Pushed == false))
        {
            cli.Out.WriteLine(remote is null ? "Everything is committed and present locally." : "Everything is committed, present locally and on the data remote.");
        }
    }

    /// <summary>The pipeline and its stages' state; a broken pipeline file is reported, not fatal: the data status still stands (exit code 1).</summary>
    private static (Pipeline? Pipeline, IReadOnlyList<StageResult>? Stages, string? Error) PipelineState(CliContext cli, MlRepository repo, IndexSnapshot index)
    {
        try
        {
            var pipeline = Pipeline.Load(repo, cli.BlobStores(), index);
            return (pipeline, pipeline?.Status(), null);
        }
        catch (PipelineFormatException e)
        {
            return (null, null, e.Message);
        }
    }

    private static void PrintPipeline(CliContext cli, Pipeline? pipeline, IReadOnlyList<StageResult>? stages, string? error)
    {
        if (error is not null)
        {
            cli.Out.WriteLine();
            cli.Out.WriteLine($"Pipeline: cannot be read: {error}");
            return;
        }
        if (pipeline is null || stages is null)
        {
            return;
        }
        cli.Out.WriteLine();
        var stale = stages.Where(s => s.Outcome == StageOutcome.WouldRun).ToList();
        string file = pipeline.Spec.FilePath;
        if (stale.Count == 0)
        {
            int frozen = stages.Count(s => s.Outcome == StageOutcome.Frozen);
            cli.Out.WriteLine($"Pipeline {file}: all {stages.Count} stage(s) up to date{(frozen > 0 ? $" ({frozen} frozen, not checked)" : "")}.");
            return;
        }
        cli.Out.WriteLine($"Pipeline {file}: {stale.Count} of {stages.Count} stage(s) stale (git ml repro runs them):");
        int width = stale.Max(s => s.Stage.Length);
        foreach (var stage in stale)
        {
            cli.Out.WriteLine($"  {stage.Stage.PadRight(width)}  {string.Join("; ", stage.Reasons)}");
        }
    }

    private static void Section(CliContext cli, string title, IEnumerable<DataStatus.Entry> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0)
        {
            return;
        }
        cli.Out.WriteLine();
        cli.Out.WriteLine(title);
        foreach (var e in list)
        {
            cli.Out.WriteLine($"  {e.Path}  ({ByteSize.Format(e.Pointer.Size)}, {e.Pointer.Oid.Short})");
        }
    }
}
