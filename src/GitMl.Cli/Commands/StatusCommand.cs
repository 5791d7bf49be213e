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
    public static Command Create()
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
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var repo = MlRepository.Open(Environment.CurrentDirectory);
            _ = repo.Settings; // a bad setting is told here, where people look for what is wrong
            if (!repo.FilterConfigured)
            {
                Console.Error.WriteLine($"git-ml: warning: {NextSteps.FilterNotConfigured}");
            }
            // Status only reads: the remotes come from the config read once for this command (with origins).
            var remotes = new DataRemotes(repo, fromSnapshot: true);
            DataRemote? target = r.GetValue(local) ? null : r.GetValue(remote) is { } name ? remotes.Resolve(name) : UsableDefault(remotes);
            // The pipeline's state and the data's are independent: work them out side by side.
            var pipelineState = Task.Run(() => PipelineState(repo));
            var report = new DataStatus(repo).ComputeAsync(target, new BlobStoreFactory(), CancellationToken.None).GetAwaiter().GetResult();
            var entries = report.Entries;
            var (pipeline, stages, pipelineError) = pipelineState.GetAwaiter().GetResult();
            foreach (string path in report.GitLfsPointersAtGitMlPaths)
            {
                Console.Error.WriteLine($"git-ml: warning: {GitLfsPointers.Describe(path)}.");
            }
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(
                    new StatusReportJson(target?.Name, entries.Select(StatusEntryJson.From).ToList(), stages?.Select(StageResultJson.From).ToList(), pipelineError),
                    CliJsonContext.Default.StatusReportJson);
                return pipelineError is null ? ExitCodes.Success : ExitCodes.Failure;
            }
            Print(entries, target);
            PrintPipeline(pipeline, stages, pipelineError);
            // The data status stands, but the report is incomplete: say so to scripts too.
            return pipelineError is null ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>
    /// The default remote, unless this user has not approved it for their credentials: then status says so and shows the
    /// local state, since nobody asked for that remote by name (an explicit --remote still fails).
    /// </summary>
    private static DataRemote? UsableDefault(DataRemotes remotes)
    {
        if (remotes.DefaultOrNull() is not { } remote)
        {
            return null;
        }
        if (RemoteAccess.Decide(remote, Environment.GetEnvironmentVariable).Refusal is { } refusal)
        {
            Console.Error.WriteLine($"git-ml: warning: {refusal}");
            Console.Error.WriteLine("git-ml:   Showing the local state only.");
            return null;
        }
        return remote;
    }

    private static void Print(List<DataStatus.Entry> entries, DataRemote? remote)
    {
        Console.Out.WriteLine($"{entries.Count} file(s) tracked by git-ml{(remote is null ? "" : $"; data remote {remote}")}.");
        Section("Modified in the working tree (git add to store the new version):", entries.Where(e => e.Modified));
        Section("Staged, not committed yet:", entries.Where(e => e.Staged));
        Section("Content not in the local store (git ml pull):", entries.Where(e => !e.Present));
        if (remote is not null)
        {
            Section($"Not on {remote.Name} yet (git ml push, or git push):", entries.Where(e => e.Pushed == false));
        }
        if (!entries.Any(e => e.Modified || e.Staged || !e.Present || e.Pushed == false))
        {
            Console.Out.WriteLine(remote is null ? "Everything is committed and present locally." : "Everything is committed, present locally and on the data remote.");
        }
    }

    /// <summary>The pipeline and its stages' state; a broken pipeline file is reported, not fatal: the data status still stands (exit code 1).</summary>
    private static (Pipeline? Pipeline, IReadOnlyList<StageResult>? Stages, string? Error) PipelineState(MlRepository repo)
    {
        try
        {
            var pipeline = Pipeline.Load(repo, new BlobStoreFactory());
            return (pipeline, pipeline?.Status(), null);
        }
        catch (PipelineFormatException e)
        {
            return (null, null, e.Message);
        }
    }

    private static void PrintPipeline(Pipeline? pipeline, IReadOnlyList<StageResult>? stages, string? error)
    {
        if (error is not null)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"Pipeline: cannot be read: {error}");
            return;
        }
        if (pipeline is null || stages is null)
        {
            return;
        }
        Console.Out.WriteLine();
        var stale = stages.Where(s => s.Outcome == StageOutcome.WouldRun).ToList();
        string file = pipeline.Spec.FilePath;
        if (stale.Count == 0)
        {
            int frozen = stages.Count(s => s.Outcome == StageOutcome.Frozen);
            Console.Out.WriteLine($"Pipeline {file}: all {stages.Count} stage(s) up to date{(frozen > 0 ? $" ({frozen} frozen, not checked)" : "")}.");
            return;
        }
        Console.Out.WriteLine($"Pipeline {file}: {stale.Count} of {stages.Count} stage(s) stale (git ml repro runs them):");
        int width = stale.Max(s => s.Stage.Length);
        foreach (var stage in stale)
        {
            Console.Out.WriteLine($"  {stage.Stage.PadRight(width)}  {string.Join("; ", stage.Reasons)}");
        }
    }

    private static void Section(string title, IEnumerable<DataStatus.Entry> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0)
        {
            return;
        }
        Console.Out.WriteLine();
        Console.Out.WriteLine(title);
        foreach (var e in list)
        {
            Console.Out.WriteLine($"  {e.Path}  ({ByteSize.Format(e.Pointer.Size)}, {e.Pointer.Oid.Short})");
        }
    }
}
