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
/// <param name="indexed">For a dry run only (status): hashes of what git tracks and calls unmodified (<see cref="IndexedPaths"/>).</param>
public sealed class ReproEngine(
    MlRepository repo,
    PipelineSpec pipeline,
    OutputGuard outputs,
    IReadOnlyList<StageSpec> order,
    Func<string, IReadOnlyCollection<string>> upstreamOf,
    IParamsSource parameters,
    LockFileStore lockStore,
    ExternalDependencies externals,
    TextWriter output,
    IndexedPaths? indexed = null)
{
    private readonly object _lockGate = new();
    private readonly DvcRecordedDeps _dvcRecorded = new(repo);
    private LockFile _lock = LockFile.Empty;
    private volatile bool _stopped;

    public ReproResult Run(IReadOnlyList<StageSpec> selected, ReproOptions options)
    {
        _lock = lockStore.Read();
        var cache = StatCache.For(repo);
        using var slots = new SemaphoreSlim(Math.Max(1, options.Jobs));
        var session = new Session(
            options,
            new ContentHasher(repo, cache, () => UnmodifiedPointers.Read(repo), options.DryRun ? indexed : null),
            new StageRunner(repo.WorkTree, output, prefixLines: options.Jobs > 1),
            new RunCache(repo),
            slots,
            new ConcurrentQueue<StageResult>());
        var selectedNames = selected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var stages = order.Where(s => selectedNames.Contains(s.Name)).ToList();
        try
        {
            if (options.Jobs <= 1)
            {
                RunInOrder(stages, session);
            }
            else
            {
                RunConcurrently(stages, session);
            }
        }
        finally
        {
            cache.Save();
            repo.Store.Sync();
        }
        return new ReproResult([.. session.Results]);
    }

    /// <summary>
    /// One stage at a time, on this thread, in run order (every stage after those it depends on): what --jobs 1 means,
    /// without handing each stage to the thread pool and back (a no-op repro of 100 stages is otherwise mostly that).
    /// </summary>
    private void RunInOrder(List<StageSpec> stages, Session session)
    {
        var finished = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var before = upstreamOf(stage.Name).Where(finished.ContainsKey).Select(n => finished[n]).ToArray();
            finished[stage.Name] = ProcessAfter(stage, before, session);
        }
    }

    /// <summary>Each stage as soon as the stages it depends on have finished and a job slot is free.</summary>
    private void RunConcurrently(List<StageSpec> stages, Session session)
    {
        var finished = new Dictionary<string, Task<StageOutcome>>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var upstream = upstreamOf(stage.Name).Where(finished.ContainsKey).Select(n => finished[n]).ToArray();
            finished[stage.Name] = Task.Run(() => ProcessWhenReady(stage, upstream, session));
        }
        Task.WhenAll(finished.Values).GetAwaiter().GetResult();
    }

    /// <summary>What the stages of one repro share: its options, hasher, runner, run cache, job slots and results.</summary>
    private sealed record Session(ReproOptions Options, ContentHasher Hasher, StageRunner Runner, RunCache RunCache, SemaphoreSlim Slots, ConcurrentQueue<StageResult> Results);

    /// <summary>Waits for the stages it depends on and for a job slot, then processes the stage, unless it must be skipped.</summary>
    private async Task<StageOutcome> ProcessWhenReady(StageSpec stage, Task<StageOutcome>[] upstream, Session session)
    {
        var before = await Task.WhenAll(upstream).ConfigureAwait(false);
        if (before.Any(o => o is StageOutcome.Failed or StageOutcome.SkippedAfterFailure))
        {
            return Report(session, new StageResult(stage.Name, StageOutcome.SkippedAfterFailure, [], "a stage it depends on failed"));
        }
        await session.Slots.WaitAsync().ConfigureAwait(false);
        try
        {
            return ProcessAfter(stage, before, session);
        }
        finally
        {
            session.Slots.Release();
        }
    }

    /// <summary>Processes the stage once the stages it depends on ended with <paramref name="before"/>, unless it must be skipped.</summary>
    private StageOutcome ProcessAfter(StageSpec stage, StageOutcome[] before, Session session)
    {
        if (before.Any(o => o is StageOutcome.Failed or StageOutcome.SkippedAfterFailure))
        {
            return Report(session, new StageResult(stage.Name, StageOutcome.SkippedAfterFailure, [], "a stage it depends on failed"));
        }
        if (_stopped)
        {
            return Report(session, new StageResult(stage.Name, StageOutcome.SkippedAfterFailure, [], "another stage failed (--keep-going runs the independent ones)"));
        }
        var result = Process(stage, session);
        if (result.Outcome == StageOutcome.UpToDate && before.Contains(StageOutcome.WouldRun))
        {
            // A dry run changes nothing, so the stage's inputs look unchanged; they would not be after a real run.
            result = result with { Outcome = StageOutcome.WouldRun, Reasons = ["a stage it depends on would run"] };
        }
        if (result.Outcome == StageOutcome.Failed && !session.Options.KeepGoing)
        {
            _stopped = true;
        }
        return Report(session, result);
    }

    private static StageOutcome Report(Session session, StageResult result)
    {
        session.Results.Enqueue(result);
        return result.Outcome;
    }

    private StageResult Process(StageSpec stage, Session session)
    {
        try
        {
            return ProcessOrThrow(stage, session);
        }
        catch (Exception e) when (e is PipelineFormatException or IOException or UnauthorizedAccessException)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, [], UserMessage.Of(e));
        }
    }

    /// <summary>Judges the stage, then leaves it, restores it from the run cache, or runs it.</summary>
    private StageResult ProcessOrThrow(StageSpec stage, Session session)
    {
        if (stage.Frozen)
        {
            return new StageResult(stage.Name, StageOutcome.Frozen, []);
        }
        var paths = new StagePaths(pipeline, stage);
        var judged = Judge(stage, paths, session);
        var reasons = judged.Reasons;
        if (reasons.Count == 0)
        {
            return new StageResult(stage.Name, StageOutcome.UpToDate, []);
        }
        if (session.Options.DryRun)
        {
            // A missing dependency may be produced by an upstream stage that would run first: not an error yet.
            return new StageResult(stage.Name, StageOutcome.WouldRun, reasons);
        }
        if (judged.MissingDeps.Count > 0)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, reasons,
                $"dependency {string.Join(", ", judged.MissingDeps)} does not exist: create it, or add the stage that produces it");
        }
        return TryRestore(stage, paths, judged, session) ?? RunStage(stage, paths, judged, session);
    }

    /// <summary>Where a stage stands: its lock entry, what it depends on and holds now, what is missing, and why it must run (none: up to date).</summary>
    private sealed record Judgement(LockedStage? Locked, LockedStage Now, IReadOnlyList<string> MissingDeps, List<string> Reasons)
    {
        /// <summary>The stage's entry before it runs: its dependencies and parameters now, outputs still to come.</summary>
        public LockedStage Inputs => Now with { Outs = [] };

        public string Why => string.Join("; ", Reasons);
    }

    private Judgement Judge(StageSpec stage, StagePaths paths, Session session)
    {
        LockedStage? locked;
        lock (_lockGate)
        {
            locked = _lock.Stages.GetValueOrDefault(stage.Name);
        }
        // A stage with no lock entry runs whatever its outputs hold, so they are not hashed now: after the run they
        // are hashed (and stored) once, which is most of a first repro's work.
        var (taken, missingDeps, missingOuts) = StageSnapshot.Take(pipeline, stage, session.Hasher, externals, parameters, hashOutputs: locked is not null, storeOutputs: false);
        var now = _dvcRecorded.KeepUnchanged(locked, taken, paths.Resolve);
        var reasons = StageStatus.Reasons(stage, locked, now, missingDeps, missingOuts);
        if (session.Options.Force && reasons.Count == 0)
        {
            reasons.Add("--force");
        }
        return new Judgement(locked, now, missingDeps, reasons);
    }

    /// <summary>Restores the stage's outputs from an earlier run with the same inputs, or returns null when it must run.</summary>
    private StageResult? TryRestore(StageSpec stage, StagePaths paths, Judgement judged, Session session)
    {
        var options = session.Options;
        if (!options.UseRunCache || options.Force || stage.AlwaysChanged || !KeptByGitAsRecorded(stage, paths, judged.Locked, judged.Now)
            || session.RunCache.Lookup(judged.Inputs, stage.Outs.Select(o => StagePaths.Normalize(o.Path)).ToList()) is not { } cachedOuts)
        {
            return null;
        }
        session.Runner.Write(stage.Name, $"Restoring stage '{stage.Name}' from the run cache ({judged.Why}): an earlier run had the same command, dependencies and parameters.");
        foreach (var output in stage.Outs)
        {
            outputs.Remove(paths.Resolve(output.Path), asRecorded: true);
        }
        foreach (var cachedOut in cachedOuts)
        {
            session.RunCache.Restore(cachedOut with { Path = paths.Resolve(cachedOut.Path) }, outputs);
        }
        Commit(stage, paths, judged.Inputs with { Outs = cachedOuts }, session.Runner);
        return new StageResult(stage.Name, StageOutcome.Restored, judged.Reasons);
    }

    /// <summary>Runs the stage's command, then hashes and stores its outputs and records its new lock entry.</summary>
    private StageResult RunStage(StageSpec stage, StagePaths paths, Judgement judged, Session session)
    {
        var reasons = judged.Reasons;
        session.Runner.Write(stage.Name, $"Running stage '{stage.Name}' ({judged.Why}):");
        foreach (var output in stage.Outs)
        {
            string path = paths.Resolve(output.Path);
            if (!output.Persist)
            {
                outputs.Remove(path);
            }
            session.Hasher.Forget(path);
        }
        var environment = new Dictionary<string, string>(session.Options.Environment) { [ReproOptions.StageVariable] = stage.Name };
        int code = session.Runner.Run(stage, paths.WorkingDirectory, environment);
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
        var (after, _, stillMissing) = StageSnapshot.Take(pipeline, stage, session.Hasher, externals, parameters, hashOutputs: true, storeOutputs: true);
        if (stillMissing.Count > 0)
        {
            return new StageResult(stage.Name, StageOutcome.Failed, reasons, $"it did not produce {string.Join(", ", stillMissing)}");
        }
        var result = judged.Inputs with { Outs = after.Outs };
        session.RunCache.Remember(result);
        Commit(stage, paths, result, session.Runner);
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
