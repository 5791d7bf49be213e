using System.Collections.Concurrent;
using GitMl.Core;
using GitMl.Core.Objects;
using GitMl.Core.Runs;
using GitMl.Git;
using GitMl.Server.Http;

namespace GitMl.Server.Tracking;

/// <summary>
/// Runs through MLflow's API. A run in progress is an <see cref="ActiveRun"/> kept in memory and in its
/// <see cref="RunJournal"/> (one append per request, so a long run's steps are never one Git write each); when it
/// ends it becomes an ordinary git-ml run: one note line on the commit it reported (mlflow.source.git.commit when that
/// commit is in the repository, else HEAD), visible to `git ml runs` and shared by `git push`. Changes to an ended
/// run are note amendments (tags, delete, restore); a recorded run's params and metrics never change.
/// </summary>
public sealed class TrackingService : IDisposable
{
    private readonly MlRepository _repo;
    private readonly ServerPaths _paths;
    private readonly string _version;
    private readonly ConcurrentDictionary<string, (ActiveRun Run, RunJournal Journal)> _active = new(StringComparer.Ordinal);

    public TrackingService(MlRepository repo, ServerPaths paths, ExperimentStore experiments, string gitMlVersion)
    {
        _repo = repo;
        _paths = paths;
        _version = gitMlVersion;
        Experiments = experiments;
        Catalog = new RunCatalogCache(repo, experiments);
    }

    public ExperimentStore Experiments { get; }

    public RunCatalogCache Catalog { get; }

    /// <summary>
    /// Picks up the runs a previous server left in progress; those whose end was journaled but whose note was not
    /// (a crash in between) are recorded now. Returns what it did, one sentence each.
    /// </summary>
    public IReadOnlyList<string> Recover()
    {
        var report = new List<string>();
        if (!Directory.Exists(_paths.RunJournals))
        {
            return report;
        }
        foreach (string path in Directory.EnumerateFiles(_paths.RunJournals, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var (journal, run, warnings) = RunJournal.Open(path);
            report.AddRange(warnings);
            if (run.IsTerminal)
            {
                lock (run.Gate)
                {
                    Record(run, journal);
                }
                report.Add($"recorded run {run.Id.Short}, which had ended before the server stopped");
            }
            else
            {
                _active[run.Id.Hex] = (run, journal);
                report.Add($"run {run.Id.Short} ({run.Name}) is still in progress");
            }
        }
        return report;
    }

    public RunView CreateRun(string experimentId, string? userId, long? startTime, IReadOnlyDictionary<string, string> tags, string? runName)
    {
        var experiment = Experiments.Get(experimentId);
        ExperimentStore.RequireActive(experiment);
        foreach (var (key, value) in tags)
        {
            RunLimits.Key(key, "tag");
            RunLimits.TagValue(key, value);
        }
        var (commit, branch) = Origin(tags);
        var id = RunId.New();
        string name = !string.IsNullOrEmpty(runName) ? runName
            : tags.TryGetValue(ServerTags.RunName, out var tagged) && tagged.Length > 0 ? tagged
            : DefaultName(tags, id);
        string user = tags.TryGetValue(ServerTags.User, out var u) && u.Length > 0 ? u : !string.IsNullOrEmpty(userId) ? userId : _repo.CurrentUser();
        var allTags = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [ServerTags.RunName] = name };
        var created = new RunCreated(id, experiment.Id, name, user, startTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), commit, branch, allTags);
        var journal = RunJournal.Create(_paths.RunJournals, created);
        var run = created.Start();
        _active[id.Hex] = (run, journal);
        lock (run.Gate)
        {
            return Snapshot(run);
        }
    }

    /// <summary>log-metric, log-parameter, set-tag and log-batch: all entries in one journal write, checked first.</summary>
    public void Log(string runId, IReadOnlyList<MetricLogged> metrics, IReadOnlyList<ParamLogged> parameters, IReadOnlyList<TagChanged> tags)
    {
        foreach (var tag in tags)
        {
            RunLimits.Key(tag.Key, "tag");
            RunLimits.TagValue(tag.Key, tag.Value);
        }
        foreach (var param in parameters)
        {
            RunLimits.Key(param.Key, "param");
            RunLimits.ParamValue(param.Key, param.Value);
        }
        foreach (var metric in metrics)
        {
            RunLimits.Key(metric.Key, "metric");
        }
        if (TryActive(runId) is not { } active)
        {
            if (metrics.Count == 0 && parameters.Count == 0 && tags.Count > 0)
            {
                Amend(runId, tags.ToDictionary(t => t.Key, t => (string?)t.Value, StringComparer.Ordinal), null);
                return;
            }
            throw Ended(RequireRecorded(runId), "params and metrics");
        }
        lock (active.Run.Gate)
        {
            RequireOpen(runId, active.Run);
            var entries = new List<JournalEntry>(metrics.Count + parameters.Count + tags.Count);
            var batchParams = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var param in parameters)
            {
                string? existing = active.Run.Params.TryGetValue(param.Key, out var v) ? v : batchParams.TryGetValue(param.Key, out var b) ? b : null;
                if (existing is not null && existing != param.Value)
                {
                    throw MlflowException.InvalidParameter(
                        $"Changing param values is not allowed. Param with key='{param.Key}' was already logged with value='{existing}' for run ID='{runId}'. Attempted logging new value '{param.Value}'.");
                }
                if (existing is null)
                {
                    batchParams[param.Key] = param.Value;
                    entries.Add(param);
                }
            }
            entries.AddRange(metrics);
            entries.AddRange(tags);
            Append(active, entries);
        }
    }

    public void DeleteTag(string runId, string key)
    {
        if (TryActive(runId) is not { } active)
        {
            var run = RequireRecorded(runId);
            if (!run.Tags.ContainsKey(key))
            {
                throw MlflowException.InvalidParameter($"No tag with name: {key} in run with id {runId}");
            }
            Amend(runId, new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = null }, null);
            return;
        }
        lock (active.Run.Gate)
        {
            RequireOpen(runId, active.Run);
            if (!active.Run.Tags.ContainsKey(key))
            {
                throw MlflowException.InvalidParameter($"No tag with name: {key} in run with id {runId}");
            }
            Append(active, [new TagChanged(key, null)]);
        }
    }

    /// <summary>update-run: status, end time, name. A terminal status ends the run and records its note.</summary>
    public RunView UpdateRun(string runId, string? status, long? endTime, string? name)
    {
        if (status is not null && !RunStatuses.All.Contains(status))
        {
            throw MlflowException.InvalidParameter($"Invalid value '{status}' for parameter 'status': use one of {string.Join(", ", RunStatuses.All)}");
        }
        if (TryActive(runId) is not { } active)
        {
            var recorded = RequireRecorded(runId);
            bool unchanged = (status is null || status == recorded.Status) && (name is null || name == recorded.Name);
            return unchanged ? RunView.Recorded(recorded) : throw Ended(recorded, "its status and name");
        }
        lock (active.Run.Gate)
        {
            RequireOpen(runId, active.Run);
            long? end = endTime ?? (status is not null && RunStatuses.IsTerminal(status) ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : null);
            Append(active, [new RunUpdated(status, end, string.IsNullOrEmpty(name) ? null : name)]);
            var view = Snapshot(active.Run);
            if (active.Run.IsTerminal)
            {
                active.Journal.Sync();
                Record(active.Run, active.Journal);
                _active.TryRemove(runId, out _);
                return Catalog.Find(active.Run.Id) is { } recorded ? RunView.Recorded(recorded) : view;
            }
            return view;
        }
    }

    public void SetDeleted(string runId, bool deleted)
    {
        if (TryActive(runId) is not { } active)
        {
            var run = RequireRecorded(runId);
            if (run.Deleted == deleted)
            {
                return;
            }
            Amend(runId, new Dictionary<string, string?>(), deleted);
            return;
        }
        lock (active.Run.Gate)
        {
            RequireOpen(runId, active.Run, allowDeleted: true);
            Append(active, [new LifecycleChanged(deleted)]);
        }
    }

    public RunView GetRun(string runId)
    {
        if (TryActive(runId) is { } active)
        {
            lock (active.Run.Gate)
            {
                return Snapshot(active.Run);
            }
        }
        return RunView.Recorded(RequireRecorded(runId));
    }

    /// <summary>Every run, recorded and in progress, as the API shows them.</summary>
    public IReadOnlyList<RunView> AllRuns()
    {
        var views = new List<RunView>();
        var activeIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, (run, _)) in _active)
        {
            lock (run.Gate)
            {
                views.Add(Snapshot(run));
            }
            activeIds.Add(id);
        }
        views.AddRange(Catalog.Current().Runs.Where(r => !activeIds.Contains(r.Id.Hex)).Select(RunView.Recorded));
        return views;
    }

    /// <summary>A metric's whole series, in the order logged.</summary>
    public IReadOnlyList<MetricPoint> MetricHistory(string runId, string key)
    {
        if (TryActive(runId) is { } active)
        {
            lock (active.Run.Gate)
            {
                return active.Run.Metrics.TryGetValue(key, out var points) ? [.. points] : [];
            }
        }
        var run = RequireRecorded(runId);
        return run.Metric(key) is { } metric ? Core.Runs.MetricHistory.Points(metric, _repo.Store) : [];
    }

    /// <summary>The run's artifacts (paths relative to its artifact root).</summary>
    public IReadOnlyList<RunFile> Artifacts(string runId)
    {
        if (TryActive(runId) is { } active)
        {
            lock (active.Run.Gate)
            {
                return [.. active.Run.Artifacts.Values];
            }
        }
        return RequireRecorded(runId).Outputs;
    }

    /// <summary>Records an uploaded artifact (its bytes already in the store) on a run in progress.</summary>
    public void AddArtifact(string runId, RunFile file)
    {
        if (TryActive(runId) is not { } active)
        {
            throw Ended(RequireRecorded(runId), "its artifacts");
        }
        lock (active.Run.Gate)
        {
            RequireOpen(runId, active.Run);
            Append(active, [new ArtifactStored(file)]);
        }
    }

    public bool IsInProgress(string runId) => _active.ContainsKey(runId);

    public void Dispose()
    {
        foreach (var (_, (_, journal)) in _active)
        {
            journal.Dispose();
        }
    }

    private RunView Snapshot(ActiveRun run)
    {
        var record = RunRecords.From(run, TryExperiment(run.ExperimentId), null, _version) with { Status = run.Status };
        return new RunView(record, run.ExperimentId, true, run.EndTime);
    }

    private Experiment? TryExperiment(string id)
    {
        try
        {
            return Experiments.Get(id);
        }
        catch (MlflowException)
        {
            return null;
        }
    }

    /// <summary>Writes the ended run's note (and its deletion, if it was deleted), then drops its journal.</summary>
    private void Record(ActiveRun run, RunJournal journal)
    {
        if (Catalog.Find(run.Id) is null)
        {
            var record = RunRecords.From(run, TryExperiment(run.ExperimentId), _repo.Store, _version);
            var notes = new RunNotes(_repo);
            notes.Append(record.Commit, RunNoteFormat.Write(record));
            if (run.Deleted)
            {
                new RunAmender(_repo).Amend(record, new Dictionary<string, string?>(), true);
            }
        }
        journal.Delete();
    }

    private static void Append((ActiveRun Run, RunJournal Journal) active, List<JournalEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        active.Journal.Append(entries);
        foreach (var entry in entries)
        {
            entry.ApplyTo(active.Run);
        }
    }

    private void Amend(string runId, IReadOnlyDictionary<string, string?> tags, bool? deleted) =>
        new RunAmender(_repo).Amend(RequireRecorded(runId), tags, deleted);

    private (ActiveRun Run, RunJournal Journal)? TryActive(string runId) => _active.TryGetValue(runId, out var active) ? active : null;

    private RunRecord RequireRecorded(string runId) =>
        RunId.TryParse(runId, out var id) && Catalog.Find(id) is { } run
            ? run
            : throw MlflowException.NotFound($"Run with id={runId} not found");

    /// <summary>Under the run's lock: still in progress (another request may have ended it meanwhile) and not deleted.</summary>
    private void RequireOpen(string runId, ActiveRun run, bool allowDeleted = false)
    {
        if (!_active.TryGetValue(runId, out var current) || current.Run != run)
        {
            throw Ended(RequireRecorded(runId), "params, metrics and artifacts");
        }
        if (run.Deleted && !allowDeleted)
        {
            throw MlflowException.InvalidParameter($"The run {run.Id.Hex} must be in the 'active' state. Current state is deleted.");
        }
    }

    private static MlflowException Ended(RunRecord run, string what) => MlflowException.InvalidParameter(
        $"Run {run.Id.Hex} has ended ({run.Status}) and is recorded in Git on commit {run.AttachedTo[..Math.Min(12, run.AttachedTo.Length)]}; git-ml keeps a recorded run's {what} as they were (its tags can still change)");

    /// <summary>The commit the client reports when this repository has it, else HEAD; and the branch.</summary>
    private (string Commit, string? Branch) Origin(IReadOnlyDictionary<string, string> tags)
    {
        var head = GitRefs.Head(_repo.Git)
            ?? throw new MlflowException(ErrorCodes.BadRequest, "the repository this server serves has no commit yet: a git-ml run is recorded on a commit; commit your code there first");
        string? headBranch = head.Branch;
        tags.TryGetValue(ServerTags.GitBranch, out var reportedBranch);
        if (tags.TryGetValue(ServerTags.GitCommit, out var reported) && IsCommitHere(reported))
        {
            string full = _repo.Git.Check(["rev-parse", "--verify", "--end-of-options", reported + "^{commit}"]).StdoutText.Trim();
            return (full, reportedBranch is { Length: > 0 } ? reportedBranch : full == head.Commit ? headBranch : null);
        }
        return (head.Commit, headBranch);
    }

    private bool IsCommitHere(string commit) =>
        commit.Length is >= 4 and <= 64 && commit.All(char.IsAsciiHexDigit)
        && GitObjects.HasCommit(_repo.Git, commit);

    private static string DefaultName(IReadOnlyDictionary<string, string> tags, RunId id)
    {
        string program = tags.TryGetValue(ServerTags.SourceName, out var source) && source.Length > 0
            ? Path.GetFileNameWithoutExtension(source.Replace('\\', '/').Split('/')[^1])
            : "run";
        return $"{(program.Length == 0 ? "run" : program)}-{id.Hex[..4]}";
    }
}
