using GitMl.Core.Objects;
using System.Globalization;
using System.Text;
using GitMl.Core.Remotes;
using GitMl.Core.Settings;

namespace GitMl.Core.Registry;

/// <summary>
/// The model registry's use cases, one method per `git ml model` verb: each reads what it needs (the file, the run,
/// HEAD, the user), applies one <see cref="ModelLifecycle"/> rule through <see cref="RegistryStore.Update"/> (so it is
/// retried on a lost race), and returns the <see cref="ModelChange"/>.
/// </summary>
public sealed class ModelRegistry(MlRepository repo, IBlobStoreFactory? remotes = null)
{
    private readonly RegistryStore _store = new(repo);

    public RegistryStore Store => _store;

    /// <summary>Registers a file or directory (a path relative to <paramref name="workingDirectory"/>).</summary>
    public ModelChange Register(string name, string path, string workingDirectory, string? semver, string message)
    {
        RegistryNames.ValidateModel(name);
        string? checkedSemver = semver is null ? null : SemVer.Parse(semver).ToString();
        string full = Path.GetFullPath(path, workingDirectory);
        var stored = new ModelContent(repo, remotes).Add(full);
        var draft = new VersionDraft(stored.Oid, stored.Size, stored.IsDirectory, DisplayPath(full), HeadCommit(), null,
            new Dictionary<string, string>(), new Dictionary<string, double>(), [], message, checkedSemver, stored.ManifestSize);
        return RegisterDraft(name, draft);
    }

    /// <summary>
    /// Registers a run's output: <paramref name="runSpec"/> is RUN_ID or RUN_ID:PATH (needed when the run has more
    /// than one output). Commit, params, metrics and data lineage are copied from the run.
    /// </summary>
    public ModelChange RegisterFromRun(string name, string runSpec, IRunSource runs, string? semver, string message)
    {
        RegistryNames.ValidateModel(name);
        string? checkedSemver = semver is null ? null : SemVer.Parse(semver).ToString();
        int colon = runSpec.IndexOf(':', StringComparison.Ordinal);
        string runId = colon < 0 ? runSpec : runSpec[..colon];
        string? outputPath = colon < 0 ? null : runSpec[(colon + 1)..];
        if (runId.Length == 0 || outputPath is { Length: 0 })
        {
            throw new ArgumentException($"'{runSpec}' is not RUN_ID or RUN_ID:PATH");
        }
        var run = runs.Find(runId) ?? throw new RegistryException($"there is no experiment run '{runId}' (list runs with git ml runs)");
        RunArtifact output;
        if (outputPath is null)
        {
            output = run.Outputs.Count switch
            {
                1 => run.Outputs[0],
                0 => throw new RegistryException($"run {run.RunId} recorded no outputs: register the model file instead (git ml model register {name} PATH)"),
                _ => throw new ArgumentException($"run {run.RunId} has {run.Outputs.Count} outputs; say which one: --run {runId}:PATH with PATH one of {string.Join(", ", run.Outputs.Select(o => o.Path))}"),
            };
        }
        else
        {
            string wanted = outputPath.Replace('\\', '/').TrimStart('.', '/');
            output = run.Outputs.FirstOrDefault(o => o.Path == outputPath || o.Path == wanted)
                ?? throw new ArgumentException($"run {run.RunId} has no output '{outputPath}'; its outputs: {(run.Outputs.Count == 0 ? "none" : string.Join(", ", run.Outputs.Select(o => o.Path)))}");
        }
        if (!Objects.ObjectId.IsValidHex(output.Oid))
        {
            throw new FormatException($"run {run.RunId} output {output.Path} has oid '{output.Oid}', not a 64-hex sha256");
        }
        var draft = new VersionDraft(output.Oid, output.Size, false, output.Path, run.Commit, run.RunId, run.Params, run.Metrics, run.Data, message, checkedSemver);
        return RegisterDraft(name, draft);
    }

    /// <summary>
    /// Registers content that is already in the store, described by <paramref name="draft"/> (what it is, where it
    /// came from): how `git ml serve` registers a model version an MLflow client uploaded through the artifact proxy.
    /// </summary>
    public ModelChange RegisterStored(string name, VersionDraft draft)
    {
        RegistryNames.ValidateModel(name);
        return RegisterDraft(name, draft);
    }

    private ModelChange RegisterDraft(string name, VersionDraft draft)
    {
        string? tag = draft.Semver is null ? null : TagName(name, draft.Semver);
        if (tag is not null && GitMl.Git.GitRefs.Resolve(repo.Git, "refs/tags/" + tag) is not null)
        {
            throw new RegistryException($"tag {tag} already exists: choose a higher --semver");
        }
        var actor = Actor();
        var change = _store.Update(name, create: true, model => ModelLifecycle.Register(model, draft, actor), "register");
        if (change.Changed && tag is not null)
        {
            var version = change.Model.Require(change.Version);
            // The release tag marks the code the model came from; when that commit is not in this clone (a run made
            // elsewhere and not fetched), it marks the registry commit that recorded the version instead.
            string target = version.Commit is { } commit && GitMl.Git.GitObjects.HasCommit(repo.Git, commit)
                ? commit
                : GitMl.Git.GitRefs.Resolve(repo.Git, RegistryStore.RefName)!;
            GitMl.Git.GitRefs.CreateAnnotatedTag(repo.Git, tag, TagMessage(change.Model, version), target);
        }
        return change;
    }

    /// <exception cref="RegistryException">The rules refuse it, or (with the approved-data policy on) the version's training data is not approved for Production.</exception>
    public ModelChange Promote(string name, int version, string stage, string message)
    {
        string target = ModelStage.Parse(stage);
        return Update(name, "promote", (m, a) =>
        {
            if (target == ModelStage.Production)
            {
                RequireApprovedData(m, m.Require(version));
            }
            return ModelLifecycle.Promote(m, version, target, message, a);
        });
    }

    /// <summary>The approved-data policy (<see cref="Lineage.ApprovedData.RequireSetting"/>): Production only takes a version trained on approved data.</summary>
    private void RequireApprovedData(ModelRecord model, ModelVersion version)
    {
        var approved = new Lineage.ApprovedData(repo);
        if (!approved.Required)
        {
            return;
        }
        if (version.Data.Count == 0)
        {
            throw new RegistryException($"{model.Name} version {version.Number} records no training data (it was not registered from a run), and {Lineage.ApprovedData.RequireSetting} is on: register it from a run (git ml model register {model.Name} --run RUN_ID) so its data can be checked");
        }
        var unapproved = version.Data.Where(d => !ObjectId.TryParse(d.Oid, out var oid) || !approved.IsApproved(oid.Value)).ToList();
        if (unapproved.Count > 0)
        {
            throw new RegistryException($"{model.Name} version {version.Number} was trained on data that is not approved, and {Lineage.ApprovedData.RequireSetting} is on:\n"
                + string.Join("\n", unapproved.Select(d => $"  {d.Path} ({d.Oid[..Math.Min(12, d.Oid.Length)]})"))
                + "\nReview it, then approve it (git ml data approve PATH -m WHY, at a commit where PATH has that content) and promote again.");
        }
    }

    public ModelChange SetAlias(string name, int version, string alias, string message) =>
        Update(name, "alias", (m, a) => ModelLifecycle.SetAlias(m, version, RegistryNames.ValidateAlias(alias), message, a));

    public ModelChange RemoveAlias(string name, string alias, string message) =>
        Update(name, "unalias", (m, a) => ModelLifecycle.RemoveAlias(m, alias, message, a));

    public ModelChange Rollback(string name, string stage, string message) =>
        Update(name, "rollback", (m, a) => ModelLifecycle.Rollback(m, ModelStage.Parse(stage), message, a));

    public ModelChange Archive(string name, int version, string message) =>
        Update(name, "archive", (m, a) => ModelLifecycle.Archive(m, version, message, a));

    public ModelChange Delete(string name, int version, string message) =>
        Update(name, "delete", (m, a) => ModelLifecycle.Delete(m, version, message, a));

    /// <summary>Marks deleted what the retention policy allows, in one registry commit (a dry run unless <paramref name="force"/>).</summary>
    public PruneResult Prune(bool force, DateTimeOffset now)
    {
        var policy = RetentionPolicy.From(repo.Settings);
        var actor = Actor();
        List<(string, int, string)> found = [];
        _store.UpdateAll(snapshot =>
        {
            var list = new List<(string, int, string)>();
            var changed = new List<ModelRecord>();
            foreach (var model in snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                var candidates = policy.Candidates(model, now);
                list.AddRange(candidates.Select(c => (model.Name, c.Version.Number, c.Reason)));
                var updated = candidates.Aggregate(model, (m, c) => ModelLifecycle.Delete(m, c.Version.Number, $"retention policy: {c.Reason}", actor, "prune").Model);
                if (candidates.Count > 0)
                {
                    changed.Add(updated);
                }
            }
            found = list;
            return force ? (changed, $"prune: {list.Count} version(s) past the retention policy marked deleted") : ([], "");
        });
        return new PruneResult(policy, found, force && found.Count > 0);
    }

    public RegistrySnapshot Read() => _store.Read();

    /// <summary>Resolves a URI, `models:/NAME` alone meaning the stage in GIT_ML_MODEL_STAGE (<see cref="MlSettings.ModelStage"/>).</summary>
    public ResolvedModel Resolve(ModelUri uri) => Resolve(uri, repo.Settings.ModelStage);

    /// <summary>Writes the bytes a URI names to <paramref name="output"/>, `models:/NAME` alone meaning the stage in GIT_ML_MODEL_STAGE.</summary>
    public (ResolvedModel Resolved, IReadOnlyList<string> Written) Get(ModelUri uri, string output) => Get(uri, repo.Settings.ModelStage, output);

    /// <summary>Resolves a URI; <paramref name="environmentStage"/> is GIT_ML_MODEL_STAGE (see <see cref="ModelUri.WithDefaultStage"/>).</summary>
    public ResolvedModel Resolve(ModelUri uri, string? environmentStage)
    {
        var effective = uri.WithDefaultStage(environmentStage);
        var model = _store.Read().Require(effective.Name);
        var version = effective.Kind switch
        {
            ModelUriKind.Version => model.Require(effective.Version!.Value),
            ModelUriKind.Stage => model.Stages.TryGetValue(effective.Stage!, out int n) ? model.Require(n)
                : throw new RegistryException($"model {model.Name} has no version in {effective.Stage}: promote one with git ml model promote {model.Name} VERSION --stage {effective.Stage}"),
            ModelUriKind.Alias => model.Aliases.TryGetValue(effective.Alias!, out int a) ? model.Require(a)
                : throw new RegistryException($"model {model.Name} has no alias @{effective.Alias}: set it with git ml model promote {model.Name} VERSION --alias {effective.Alias}"),
            _ => model.Latest ?? throw new RegistryException($"model {model.Name} has no version that is not deleted"),
        };
        if (version.IsDeleted)
        {
            throw new RegistryException($"{effective} is version {version.Number}, which is deleted; its record is kept for the audit trail only");
        }
        return new ResolvedModel(effective, model, version);
    }

    /// <summary>Writes the bytes a URI names to <paramref name="output"/>, fetching and verifying them as needed.</summary>
    public (ResolvedModel Resolved, IReadOnlyList<string> Written) Get(ModelUri uri, string? environmentStage, string output)
    {
        var resolved = Resolve(uri, environmentStage);
        string target = output;
        if (!resolved.Version.IsDirectory && Directory.Exists(output))
        {
            target = Path.Combine(output, Path.GetFileName(resolved.Version.Path.TrimEnd('/')));
        }
        var written = new ModelContent(repo, remotes).WriteTo(resolved.Model, resolved.Version, target);
        return (resolved, written);
    }

    public static string TagName(string model, string semver) => $"model/{model}/v{semver}";

    private ModelChange Update(string name, string command, Func<ModelRecord, RegistryActor, ModelChange> change)
    {
        var actor = Actor();
        return _store.Update(name, create: false, model => change(model, actor), command);
    }

    private RegistryActor Actor() => RegistryActor.Now(_store.CurrentUser());

    private string? HeadCommit() => GitMl.Git.GitRefs.Resolve(repo.Git, "HEAD^{commit}");

    private string DisplayPath(string full)
    {
        if (repo.Layout.WorkTree is { } top)
        {
            string relative = Path.GetRelativePath(top, full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace('\\', '/');
            }
        }
        return full;
    }

    private static string TagMessage(ModelRecord model, ModelVersion version)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{model.Name} v{version.Semver}: version {version.Number}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"uri: models:/{model.Name}/{version.Number}\noid: sha256:{version.Oid}\nsize: {version.Size}\npath: {version.Path}\n");
        if (version.RunId is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"run: {version.RunId}\n");
        }
        foreach (var (key, value) in version.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"metric {key}: {value.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        if (version.Message.Length > 0)
        {
            sb.Append('\n').Append(version.Message).Append('\n');
        }
        return sb.ToString();
    }
}
