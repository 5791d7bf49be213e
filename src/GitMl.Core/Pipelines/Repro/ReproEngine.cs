using System.Collections.Concurrent;
using GitMl.Core.Locks;
using GitMl.Core.Pipelines.External;
using GitMl.Core.Pipelines.Hashing;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// `git ml repro`: runs the stages that changed, in dependency order, up to <see cref="ReproOptions.Jobs"/>
/// independent stages at once. A stage is judged when everything it depends on has finished (so what an
/// upstream stage just produced counts); it is then up to date, restored from the run cache, or run. After each
/// successful stage its outputs are hashed and stored and its lock entry is written (atomically: the lock file is
/// always the old one or the new one). A failed stage keeps its old entry and stops what depends on it.
/// </summary>
public sealed class ReproEngine(
    MlRepository repo,
    PipelineSpec pipeline,
    OutputGuard outputs,
    IReadOnlyList<StageSpec> order,
    Func<string, IReadOnlyCollection<string>> upstreamOf,
    IParamsSource parameters,
    LockFileStore lockStore,
    ExternalDependencies externals,
    TextWriter output)
{
    private readonly object _lockGate = new();
    private readonly DvcRecordedDeps _dvcRecorded = new(repo);
    private LockFile _lock = LockFile.Empty;
    private volatile bool _stopped;

    public ReproResult Run(IReadOnlyList<StageSpec> selected, ReproOptions options)
    {
        _lock = lockStore.Read();
        var cache = StatCache.Load(Path.Combine(repo.Store.Root, "stat-cache"));
        var hasher = new ContentHasher(repo, cache, () => UnmodifiedPointers.Read(repo));
        var runner = new StageRunner(repo.WorkTree, output, prefixLines: options.Jobs > 1);
        var runCache = new RunCache(repo);
        var results = new ConcurrentQueue<StageResult>();
        var finished = new Dictionary<string, Task<StageOutcome>>(StringComparer.Ordinal);
        var selectedNames = selected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(Math.Max(1, options.Jobs));

        foreach (var stage in order.Where(s => selectedNames.Contains(s.Name)))
        {
            var upstream = upstreamOf(stage.Name).Where(finished.ContainsKey).Select(n => finished[n]).ToArray();
            finished[stage.Name] = Task.Run(async () =>
            {
                var before = await Task.WhenAll(upstream).ConfigureAwait(false);
                if (before.Any(o => o is StageOutcome.Failed or StageOutcome.SkippedAfterFailure))
                {
                    results.Enqueue(new StageResult(stage.Name, StageOutcome.SkippedAfterFailure, [], "a stage it depends on failed"));
                    return StageOutcome.SkippedAfterFailure;
                }
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    if (_stopped)
                    {
                        results.Enqueue(new StageResult(stage.Name, StageOutcome.SkippedAfterFailure, [], "another stage failed (--keep-going runs the independent ones)"));
                        return StageOutcome.SkippedAfterFailure;
                    }
                    var result = Process(stage, options, hasher, runner, runCache);
                    if (result.Outcome == StageOutcome.UpToDate && before.Contains(StageOutcome.WouldRun))
                    {
                        // A dry run changes nothing, so the stage's inputs look unchanged; they would not be after a real run.
                        result = result with { Outcome = StageOutcome.WouldRun, Reasons = ["a stage it depends on would run"] };
                    }
                    if (result.Outcome == StageOutcome.Failed && !options.KeepGoing)
                    {
                        _stopped = true;
                    }
                    results.Enqueue(result);
                    return result.Outcome;
                }
                finally
                {
                    slots.Release();
                }
            });
        }

        var all = Task.WhenAll(finished.Values);
        try
        {
            all.GetAwaiter().GetResult();
        }
        finally
        {
            cache.Save();
            repo.Store.Sync();
        }
        return new ReproResult([.. results]);
    }

    private StageResult Process(StageSpec stage, ReproOptions options, ContentHasher hasher, StageRunner runner, RunCache runCache)
    {
        try
        {
            return ProcessOrThrow(stage, options, hasher, runner, runCache);
        }
        catch (Exception e) when (e is PipelineFormatException or IOException or UnauthorizedAccessException)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, [], UserMessage.Of(e));
        }
    }

    private StageResult ProcessOrThrow(StageSpec stage, ReproOptions options, ContentHasher hasher, StageRunner runner, RunCache runCache)
    {
        if (stage.Frozen)
        {
            return new StageResult(stage.Name, StageOutcome.Frozen, []);
        }
        var paths = new StagePaths(pipeline, stage);
        LockedStage? locked;
        lock (_lockGate)
        {
            locked = _lock.Stages.GetValueOrDefault(stage.Name);
        }
        // A stage with no lock entry runs whatever its outputs hold, so they are not hashed now: after the run they
        // are hashed (and stored) once, which is most of a first repro's work.
        var (taken, missingDeps, missingOuts) = StageSnapshot.Take(pipeline, stage, hasher, externals, parameters, hashOutputs: locked is not null, storeOutputs: false);
        var now = _dvcRecorded.KeepUnchanged(locked, taken, paths.Resolve);
        var reasons = StageStatus.Reasons(stage, locked, now, missingDeps, missingOuts);
        if (options.Force && reasons.Count == 0)
        {
            reasons.Add("--force");
        }
        if (reasons.Count == 0)
        {
            return new StageResult(stage.Name, StageOutcome.UpToDate, []);
        }
        if (options.DryRun)
        {
            // A missing dependency may be produced by an upstream stage that would run first: not an error yet.
            return new StageResult(stage.Name, StageOutcome.WouldRun, reasons);
        }
        if (missingDeps.Count > 0)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, reasons,
                $"dependency {string.Join(", ", missingDeps)} does not exist: create it, or add the stage that produces it");
        }

        var inputs = now with { Outs = [] };
        string why = string.Join("; ", reasons);
        if (options.UseRunCache && !options.Force && !stage.AlwaysChanged && KeptByGitAsRecorded(stage, paths, locked, now)
            && runCache.Lookup(inputs, stage.Outs.Select(o => StagePaths.Normalize(o.Path)).ToList()) is { } cachedOuts)
        {
            runner.Write(stage.Name, $"Restoring stage '{stage.Name}' from the run cache ({why}): an earlier run had the same command, dependencies and parameters.");
            foreach (var output in stage.Outs)
            {
                outputs.Remove(paths.Resolve(output.Path), asRecorded: true);
            }
            foreach (var cachedOut in cachedOuts)
            {
                runCache.Restore(cachedOut with { Path = paths.Resolve(cachedOut.Path) }, outputs);
            }
            Commit(stage, paths, inputs with { Outs = cachedOuts }, runner);
            return new StageResult(stage.Name, StageOutcome.Restored, reasons);
        }

        runner.Write(stage.Name, $"Running stage '{stage.Name}' ({why}):");
        foreach (var output in stage.Outs)
        {
            string path = paths.Resolve(output.Path);
            if (!output.Persist)
            {
                outputs.Remove(path);
            }
            hasher.Forget(path);
        }
        int code = runner.Run(stage, paths.WorkingDirectory, new Dictionary<string, string>(options.Environment) { [ReproOptions.StageVariable] = stage.Name });
        if (code != 0)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, reasons, $"its command exited with code {code}; the lock file keeps its previous entry");
        }
        // The command may have replaced an output with a link out of bounds: nothing is read or stored through one.
        foreach (var output in stage.Outs)
        {
            if (outputs.Refusal(paths.Resolve(output.Path)) is { } refused)
            {
                return new StageResult(stage.Name, StageOutcome.Failed, reasons, $"output {output.Path} {refused} after its command ran; nothing was stored and the lock file keeps its previous entry");
            }
        }
        var (after, _, stillMissing) = StageSnapshot.Take(pipeline, stage, hasher, externals, parameters, hashOutputs: true, storeOutputs: true);
        if (stillMissing.Count > 0)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, reasons, $"it did not produce {string.Join(", ", stillMissing)}");
        }
        var result = inputs with { Outs = after.Outs };
        runCache.Remember(result);
        Commit(stage, paths, result, runner);
        return new StageResult(stage.Name, StageOutcome.Ran, reasons);
    }

    /// <summary>
    /// The run cache writes over an output Git keeps (cache: false, tracked by Git) only when it holds what the lock
    /// file recorded, git-ml's own last result; anything else there may be someone's work, so the stage runs instead.
    /// </summary>
    private bool KeptByGitAsRecorded(StageSpec stage, StagePaths paths, LockedStage? locked, LockedStage now)
    {
        foreach (var output in stage.Outs.Where(o => outputs.IsKeptByGit(paths.Resolve(o.Path))))
        {
            string path = StagePaths.Normalize(output.Path);
            string? recorded = locked?.Outs.FirstOrDefault(o => o.Path == path)?.Hash;
            string? current = now.Outs.FirstOrDefault(o => o.Path == path)?.Hash;
            if (recorded is null || recorded != current)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Records a stage's new lock entry and makes sure git-ml tracks its cached outputs and Git sees them.</summary>
    private void Commit(StageSpec stage, StagePaths paths, LockedStage entry, StageRunner runner)
    {
        foreach (string note in OutputTracking.Ensure(repo, [.. stage.Outs.Where(o => o.Cache).Select(o => paths.Resolve(o.Path))]))
        {
            runner.Write(stage.Name, note);
        }
        lock (_lockGate)
        {
            var stages = new Dictionary<string, LockedStage>(_lock.Stages, StringComparer.Ordinal) { [stage.Name] = entry };
            _lock = _lock with { Stages = stages };
            lockStore.Write(_lock);
        }
    }
}
