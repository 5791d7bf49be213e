using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Core.Registry;
using GitMl.Core.Runs;

namespace GitMl.Core.Lineage;

/// <summary>
/// Traces lineage from what a user has in hand: a model URI (models:/NAME/...), a run id (or prefix), or a path whose
/// content a registered model version or a recorded run produced. Reads the registry, the run notes and the
/// approved-data file; changes nothing.
/// </summary>
/// <param name="runs">Where the runs come from when the caller already holds them (the server caches its catalog);
/// by default the notes are read once, on first need.</param>
public sealed class LineageTracer(MlRepository repo, Func<RunCatalog>? runs = null)
{
    private readonly Lazy<RunCatalog> _runs = new(runs ?? (() => RunCatalog.Read(repo)));
    private readonly Lazy<ApprovedData> _approved = new(() => new ApprovedData(repo));

    /// <exception cref="ArgumentException">The target names nothing this clone knows; the message says what was tried.</exception>
    public IReadOnlyList<LineageReport> Trace(string target, string workingDirectory)
    {
        if (target.StartsWith(ModelUri.Scheme, StringComparison.Ordinal))
        {
            return [ForModel(new ModelRegistry(repo).Resolve(ModelUri.Parse(target)))];
        }
        string full = Path.GetFullPath(target, workingDirectory);
        if (!File.Exists(full) && !Directory.Exists(full) && RunId.IsValidPrefix(target.ToLowerInvariant()))
        {
            return [ForRun(_runs.Value.Find(target))];
        }
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new ArgumentException($"'{target}' is not a model URI (models:/NAME/VERSION|STAGE|latest, models:/NAME@ALIAS), a run id or a path here");
        }
        return ForContent(Hash(full), target);
    }

    /// <summary>The lineage of a resolved model version.</summary>
    public LineageReport ForModel(ResolvedModel resolved)
    {
        var (model, version) = (resolved.Model, resolved.Version);
        var run = version.RunId is { } id ? _runs.Value.Runs.FirstOrDefault(r => r.Id.Hex == id) : null;
        var stages = model.Stages.Where(s => s.Value == version.Number).Select(s => s.Key)
            .Concat(model.Aliases.Where(a => a.Value == version.Number).Select(a => "@" + a.Key)).ToList();
        return new LineageReport(
            new LineageModel(model.Name, version.Number, resolved.Uri.ToString(), version.Oid, version.Size, version.Path, version.User, version.Time, version.Message, stages),
            version.RunId is { } runId ? Describe(runId, run) : null,
            version.Commit,
            run?.Branch,
            version.Params,
            version.Data.Select(d => Input(d.Path, d.Oid, d.Size)).ToList(),
            version.Metrics);
    }

    public LineageReport ForRun(RunRecord run) => new(
        null,
        Describe(run.Id.Hex, run),
        run.Commit,
        run.Branch,
        run.Params,
        run.Data.Select(d => Input(d.Path, d.Oid.Hex, d.Size)).ToList(),
        run.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal));

    private List<LineageReport> ForContent(string oid, string target)
    {
        var registry = new ModelRegistry(repo);
        var versions = registry.Read().Models.Values
            .SelectMany(m => m.Versions.Where(v => v.Oid == oid && !v.IsDeleted).Select(v => (Model: m, Version: v)))
            .ToList();
        if (versions.Count > 0)
        {
            return versions.Select(v => ForModel(new ResolvedModel(ModelUri.ForVersion(v.Model.Name, v.Version.Number), v.Model, v.Version))).ToList();
        }
        var runs = _runs.Value.Runs.Where(r => r.Outputs.Any(o => o.Oid.Hex == oid)).ToList();
        if (runs.Count > 0)
        {
            return runs.Select(ForRun).ToList();
        }
        throw new ArgumentException($"no registered model version and no recorded run produced the content of {target} (sha256 {oid[..12]}); register it with git ml model register, or trace a models:/ URI or a run id");
    }

    private LineageFile Input(string path, string oid, long size) =>
        new(path, oid, size, ObjectId.TryParse(oid, out var id) && _approved.Value.IsApproved(id.Value));

    private static LineageRun Describe(string id, RunRecord? run) =>
        run is null ? new LineageRun(id, null, null, null, null, false) : new LineageRun(id, run.Name, run.Status, run.Start, run.User, run.Dirty);

    private string Hash(string full)
    {
        string relative = Path.GetRelativePath(repo.WorkTree, full).Replace('\\', '/');
        var hasher = new ContentHasher(repo, StatCache.For(repo), () => UnmodifiedPointers.Read(repo));
        string hash = hasher.Hash(relative, store: false).Hash;
        return hash.EndsWith(".dir", StringComparison.Ordinal) ? hash[..^4] : hash;
    }
}
