using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Core.Runs;
using GitMl.Git;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// `git ml import mlflow PATH`: an MLflow file store (mlruns/) into run notes, the object store and the registry.
/// <list type="bullet">
/// <item>Each run becomes a git-ml run with MLflow's run id, name, user, status, times, params, tags (plus its
/// experiment, <see cref="Runs.MlflowRunInfo"/>), whole metric series and artifacts (stored by content, as outputs).
/// It goes on the commit it recorded (the tag mlflow.source.git.commit) when this repository has it, else on HEAD
/// at the time of the import (the fallback; the recorded commit stays in the tag). A run deleted in MLflow is
/// imported and hidden, as `git ml runs delete` hides one.</item>
/// <item>Each registered model's versions keep their numbers, stages and aliases (<see cref="MlflowRegistryMapping"/>),
/// their content being the run artifacts their source names; one registry commit for the whole import.</item>
/// <item>Idempotent: a run whose id is recorded here already, and a version number the model has already, are left
/// alone, so importing twice adds nothing.</item>
/// </list>
/// The store is someone else's: it is read through <see cref="MlflowFileTree"/> (no link followed, every read bounded)
/// and whatever cannot be mapped is reported in <see cref="MlflowImportReport.Problems"/> while the rest is imported.
/// </summary>
public sealed class MlflowImporter(MlRepository repo, MlflowLimits? limits = null)
{
    private readonly MlflowLimits _limits = limits ?? MlflowLimits.Default;

    /// <exception cref="ArgumentException">PATH is not a folder holding an MLflow file store, or the repository has no commit yet.</exception>
    public MlflowImportReport Import(string path, string gitMlVersion)
    {
        string root = Root(path);
        var problems = new List<MlflowProblem>();
        var tree = new MlflowFileTree(root, _limits, problems);
        var reader = new MlflowStoreReader(tree, problems);
        if (!reader.LooksLikeStore())
        {
            throw new ArgumentException($"{path} is not an MLflow file store: it has no experiment folder with a meta.yaml and no models folder; give the mlruns folder MLflow wrote (the MLFLOW_TRACKING_URI of a file store)");
        }
        string fallback = GitRefs.Resolve(repo.Git, "HEAD^{commit}")
            ?? throw new ArgumentException("this repository has no commit yet, and imported runs are recorded on a commit: commit first, then import");
        var catalog = RunCatalog.Read(repo);
        var records = catalog.Runs.ToDictionary(r => r.Id.Hex, StringComparer.Ordinal);

        var runs = Runs(reader, problems);
        var fresh = runs.Where(r => !records.ContainsKey(r.Id)).ToList();
        var commits = RecordedCommits(tree, fresh);
        var present = GitObjects.ExistingCommits(repo.Git, commits.Values);
        var imported = new List<MlflowImportedRun>();
        foreach (var run in fresh)
        {
            string? own = commits.GetValueOrDefault(run.Id);
            string commit = own is not null && present.Contains(own) ? own : fallback;
            var (record, summary) = ImportRun(tree, reader, run, commit, commit != own, gitMlVersion, problems);
            records[run.Id] = record;
            imported.Add(summary);
        }
        var models = ImportModels(tree, reader, records, problems);
        return new MlflowImportReport(path, fallback, imported, runs.Count - fresh.Count, models, [.. problems.Distinct()]); // a folder listed twice says so once
    }

    /// <summary>The store's folder; a link given by the user is the user's choice and is resolved once.</summary>
    private static string Root(string path)
    {
        string full = Path.GetFullPath(path);
        if (new DirectoryInfo(full).LinkTarget is not null)
        {
            full = Directory.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        return Directory.Exists(full) ? full : throw new ArgumentException($"{path} is not a folder: give the mlruns folder of an MLflow file store");
    }

    /// <summary>Every run of every experiment, a run id seen twice (a copied folder) imported once.</summary>
    private static List<MlflowRunMeta> Runs(MlflowStoreReader reader, List<MlflowProblem> problems)
    {
        var runs = new List<MlflowRunMeta>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var experiment in reader.Experiments())
        {
            foreach (var run in reader.Runs(experiment))
            {
                if (seen.TryGetValue(run.Id, out string? first))
                {
                    problems.Add(new MlflowProblem(run.Folder, $"has the run id of {first}; only that one was imported"));
                    continue;
                }
                seen[run.Id] = run.Folder;
                runs.Add(run);
            }
        }
        return runs;
    }

    /// <summary>Each run's mlflow.source.git.commit, read before the rest so one git call says which are here.</summary>
    private static Dictionary<string, string> RecordedCommits(MlflowFileTree tree, List<MlflowRunMeta> runs)
    {
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            string tag = $"{run.Folder}/tags/{MlflowRunMapping.CommitTag}";
            if (tree.IsFile(tag) && tree.ReadText(tag, 128) is { } text)
            {
                commits[run.Id] = text.Trim().ToLowerInvariant();
            }
        }
        return commits;
    }

    private (RunRecord Record, MlflowImportedRun Summary) ImportRun(
        MlflowFileTree tree, MlflowStoreReader reader, MlflowRunMeta run, string commit, bool onFallback, string gitMlVersion, List<MlflowProblem> problems)
    {
        var data = reader.ReadData(run);
        var outputs = StoreArtifacts(tree, $"{run.Folder}/artifacts", data.Artifacts, problems);
        var record = MlflowRunMapping.ToRecord(run, data, outputs, commit, gitMlVersion, repo.Store, problems);
        var notes = new RunNotes(repo);
        notes.Append(commit, RunNoteFormat.Write(record));
        if (run.Deleted)
        {
            var at = MlflowRunMapping.Time(run.DeletedMs, run, "deleted_time", problems) ?? DateTimeOffset.UtcNow;
            notes.Append(commit, RunNoteFormat.Write(new RunAmendment(record.Id, at, repo.CurrentUser(), new Dictionary<string, string?>(), true)));
        }
        var summary = new MlflowImportedRun(run.Id, record.Name, run.Experiment.Id, run.Experiment.Name, commit, onFallback,
            record.Params.Count, record.Metrics.Count, record.Metrics.Sum(m => m.Count), outputs.Count, run.Deleted);
        return (record with { Deleted = run.Deleted }, summary);
    }

    /// <summary>Streams each artifact into the object store; the outputs are the artifact paths with their content ids.</summary>
    private List<RunFile> StoreArtifacts(MlflowFileTree tree, string folder, IReadOnlyList<(string Path, long Size)> artifacts, List<MlflowProblem> problems)
    {
        var outputs = new List<RunFile>(artifacts.Count);
        foreach (var (path, size) in artifacts)
        {
            try
            {
                using var stream = tree.Open($"{folder}/{path}", size);
                var stored = repo.Store.Add(stream);
                outputs.Add(new RunFile(path, stored.Oid, stored.Size));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new MlflowProblem($"{folder}/{path}", "could not be read (permission denied, or it changed while reading); the artifact was not imported"));
            }
        }
        return outputs;
    }

    private List<MlflowImportedModel> ImportModels(MlflowFileTree tree, MlflowStoreReader reader, Dictionary<string, RunRecord> runs, List<MlflowProblem> problems)
    {
        var sources = new List<(MlflowModel Model, Dictionary<int, VersionDraft> Drafts)>();
        foreach (var model in reader.Models())
        {
            try
            {
                RegistryNames.ValidateModel(model.Name);
            }
            catch (ArgumentException e)
            {
                problems.Add(new MlflowProblem(model.Folder, $"was not imported: {e.Message}"));
                continue;
            }
            var drafts = new Dictionary<int, VersionDraft>();
            foreach (var version in model.Versions.Where(v => v.Stage != MlflowRegistryMapping.DeletedStage))
            {
                if (Draft(version, runs, problems) is { } draft)
                {
                    drafts[version.Number] = draft;
                }
            }
            sources.Add((model, drafts));
        }
        if (sources.Count == 0)
        {
            return [];
        }
        string importer = repo.CurrentUser();
        var now = DateTimeOffset.UtcNow;
        List<MlflowImportedModel> results = [];
        List<MlflowProblem> registryProblems = [];
        new RegistryStore(repo).UpdateAll(snapshot =>
        {
            // Runs again on a fresh read when another writer got in first: nothing outside is touched here.
            results = [];
            registryProblems = [];
            var changed = new List<ModelRecord>();
            foreach (var (model, drafts) in sources)
            {
                var before = snapshot.Models.GetValueOrDefault(model.Name) ?? ModelRecord.Empty(model.Name);
                var result = MlflowRegistryMapping.Apply(before, model, drafts, importer, now);
                registryProblems.AddRange(result.Problems);
                var versions = result.Imported.ToHashSet();
                results.Add(new MlflowImportedModel(model.Name, result.Imported,
                    result.Model.Stages.Where(s => versions.Contains(s.Value)).ToDictionary(),
                    result.Model.Aliases.Where(a => versions.Contains(a.Value)).ToDictionary()));
                if (result.Imported.Count > 0)
                {
                    changed.Add(result.Model);
                }
            }
            int count = results.Sum(r => r.Versions.Count);
            return (changed, $"import mlflow: {count} version(s) of {changed.Count} model(s)\n\n{MlflowRegistryMapping.Message}: {string.Join(", ", changed.Select(m => m.Name))}");
        });
        problems.AddRange(registryProblems);
        return results;
    }

    /// <summary>A version's content: the run artifacts its source names (already in the object store), or null and a problem.</summary>
    private VersionDraft? Draft(MlflowModelVersion version, Dictionary<string, RunRecord> runs, List<MlflowProblem> problems)
    {
        if (MlflowModelSource.TryParse(version.Source, version.RunId, out string? why) is not { } source)
        {
            problems.Add(new MlflowProblem(version.Folder, why!));
            return null;
        }
        var (runId, path) = source;
        if (!runs.TryGetValue(runId, out var run))
        {
            problems.Add(new MlflowProblem(version.Folder, $"comes from run {runId}, which is neither in the imported store nor recorded here; not imported"));
            return null;
        }
        string message = string.IsNullOrEmpty(version.Description) ? MlflowRegistryMapping.Message : version.Description;
        var metrics = run.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
        string shown = path.Length == 0 ? "artifacts" : path;
        if (run.Outputs.FirstOrDefault(o => o.Path == path) is { } file)
        {
            return new VersionDraft(file.Oid.Hex, file.Size, false, shown, run.Commit, runId, run.Params, metrics, [], message, null);
        }
        string prefix = path.Length == 0 ? "" : path + "/";
        var entries = run.Outputs.Where(o => o.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(o => new DirectoryManifest.Entry(o.Path[prefix.Length..], o.Oid, o.Size))
            .ToList();
        if (entries.Count == 0)
        {
            problems.Add(new MlflowProblem(version.Folder, $"names {shown} of run {runId}, which has no such artifact; not imported"));
            return null;
        }
        var manifest = new DirectoryManifest(entries);
        var stored = repo.Store.Add(manifest.Encode());
        return new VersionDraft(stored.Oid.Hex, manifest.TotalSize, true, shown, run.Commit, runId, run.Params, metrics, [], message, null, stored.Size);
    }
}
