using System.Globalization;
using GitMl.Core;
using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Server.Artifacts;
using GitMl.Server.Http;
using GitMl.Server.Json;
using GitMl.Server.LoggedModels;
using GitMl.Server.Tracking;

namespace GitMl.Server.Registry;

/// <summary>
/// MLflow's model registry over git-ml's (refs/ml/registry, <see cref="ModelRegistry"/>): every change is a registry
/// commit with git-ml's rules (immutable versions, one version per stage with its rollback target, protected
/// versions), every version's bytes are in the store, so `git ml model get models:/NAME/Production` gives the same
/// bytes a client downloads here. Versions are always READY: registration copies nothing, the bytes are already here.
/// </summary>
public sealed class RegistryService(MlRepository repo, RegistryMetadata metadata, TrackingService tracking, LoggedModelStore models, ArtifactResolver artifacts)
{
    private readonly ModelRegistry _registry = new(repo);

    public RegistryMetadata Metadata => metadata;

    public RegisteredModelJson CreateModel(string name, IReadOnlyDictionary<string, string> tags, string? description)
    {
        RegistryNames.ValidateModel(name);
        bool exists = _registry.Read().Models.ContainsKey(name);
        if (exists && !metadata.Model(name).Deleted)
        {
            throw MlflowException.AlreadyExists($"Registered Model (name={name}) already exists.");
        }
        if (!exists)
        {
            _registry.Store.UpdateAll(snapshot => snapshot.Models.ContainsKey(name) ? ([], "") : ([ModelRecord.Empty(name)], $"create: registered model {name}"));
        }
        metadata.ChangeModel(name, _ => new ModelMetadataJson(description ?? "", new Dictionary<string, string>(tags, StringComparer.Ordinal), false, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return ModelJson(RequireModel(name));
    }

    public ModelRecord RequireModel(string name)
    {
        if (!_registry.Read().Models.TryGetValue(name, out var model) || metadata.Model(name).Deleted)
        {
            throw MlflowException.NotFound($"Registered Model with name={name} not found");
        }
        return model;
    }

    public static ModelVersion RequireVersion(ModelRecord model, string version)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            throw MlflowException.InvalidParameter($"Model version must be an integer, got '{version}'");
        }
        return model.Find(number) is { IsDeleted: false } found ? found : throw MlflowException.NotFound($"Model Version (name={model.Name}, version={version}) not found");
    }

    public IReadOnlyList<ModelRecord> Models() => _registry.Read().Models.Values.Where(m => !metadata.Model(m.Name).Deleted).ToList();

    public void DeleteModel(string name)
    {
        var model = RequireModel(name);
        foreach (var version in model.Versions.Where(v => !v.IsDeleted))
        {
            if (ModelLifecycle.WhyProtected(model, version.Number) is { } reason)
            {
                throw MlflowException.InvalidParameter($"git-ml does not delete {name}: version {version.Number} is {reason}; archive it, remove the alias or promote another version first (the registry keeps its audit trail)");
            }
        }
        foreach (var version in model.Versions.Where(v => !v.IsDeleted))
        {
            _registry.Delete(name, version.Number, "deleted through the MLflow API");
        }
        metadata.ChangeModel(name, m => m with { Deleted = true });
    }

    public ModelVersionJson CreateVersion(string name, string source, string? runId, string? modelId, string? description, IReadOnlyDictionary<string, string> tags, string? runLink)
    {
        RequireModel(name);
        var resolved = ModelVersionSource.Resolve(source, runId, modelId, artifacts, tracking, models);
        var draft = Draft(resolved, description ?? "");
        var change = _registry.RegisterStored(name, draft);
        metadata.ChangeVersion(name, change.Version, m => m with
        {
            Description = change.Changed ? description : m.Description ?? description,
            Tags = change.Changed ? new Dictionary<string, string>(tags, StringComparer.Ordinal) : m.Tags,
            Source = change.Changed ? source : m.Source ?? source,
            RunLink = runLink ?? m.RunLink,
            ModelId = resolved.Model?.Id ?? m.ModelId,
        });
        return VersionJson(change.Model, change.Model.Require(change.Version));
    }

    public ModelVersionJson Transition(string name, string version, string stage, bool archiveExisting)
    {
        var model = RequireModel(name);
        var v = RequireVersion(model, version);
        string message = "transitioned through the MLflow API";
        if (stage.Equals(ModelStage.None, StringComparison.OrdinalIgnoreCase))
        {
            if (model.StateOf(v) != ModelStage.None)
            {
                throw MlflowException.InvalidParameter($"git-ml does not move a version back to None: {name} version {v.Number} is {model.StateOf(v)}; archive it, or promote another version into its stage");
            }
            return VersionJson(model, v);
        }
        string target = ModelStage.TryParse(stage) ?? throw MlflowException.InvalidParameter($"Invalid Model Version stage: {stage}. Value must be one of None, Staging, Production, Archived.");
        var change = target == ModelStage.Archived ? _registry.Archive(name, v.Number, message) : _registry.Promote(name, v.Number, target, message);
        if (archiveExisting && target != ModelStage.Archived && change.Model.Previous.TryGetValue(target, out int replaced) && model.StageOf(replaced) == target)
        {
            change = _registry.Archive(name, replaced, $"archived by the promotion of version {v.Number} to {target}");
        }
        return VersionJson(change.Model, change.Model.Require(v.Number));
    }

    public void DeleteVersion(string name, string version)
    {
        var model = RequireModel(name);
        _registry.Delete(name, RequireVersion(model, version).Number, "deleted through the MLflow API");
    }

    public void SetAlias(string name, string alias, string version)
    {
        var model = RequireModel(name);
        _registry.SetAlias(name, RequireVersion(model, version).Number, alias, "set through the MLflow API");
    }

    public void DeleteAlias(string name, string alias)
    {
        var model = RequireModel(name);
        if (!model.Aliases.ContainsKey(alias))
        {
            throw MlflowException.NotFound($"Registered model alias {alias} not found.");
        }
        _registry.RemoveAlias(name, alias, "removed through the MLflow API");
    }

    public ModelVersionJson ByAlias(string name, string alias)
    {
        var model = RequireModel(name);
        return model.Aliases.TryGetValue(alias, out int number) && model.Find(number) is { IsDeleted: false } version
            ? VersionJson(model, version)
            : throw MlflowException.NotFound($"Registered model alias {alias} not found.");
    }

    /// <summary>The newest version in each asked stage (every stage, None included, when none are asked).</summary>
    public IReadOnlyList<ModelVersionJson> Latest(string name, IReadOnlyList<string> stages)
    {
        var model = RequireModel(name);
        var wanted = stages.Count == 0 ? null : stages.Select(s => ModelStage.TryParse(s) ?? (s.Equals(ModelStage.None, StringComparison.OrdinalIgnoreCase) ? ModelStage.None
            : throw MlflowException.InvalidParameter($"Invalid Model Version stage: {s}. Value must be one of None, Staging, Production, Archived."))).ToHashSet();
        return LatestVersions(model).Where(v => wanted is null || wanted.Contains(model.StateOf(v))).Select(v => VersionJson(model, v)).ToList();
    }

    /// <summary>The files of a registered version, as the artifact proxy serves them under registry/NAME/VERSION.</summary>
    public IArtifactRoot? Root(string name, string version)
    {
        try
        {
            var model = RequireModel(name);
            var v = RequireVersion(model, version);
            return new VersionRoot(repo, model, v);
        }
        catch (Exception e) when (e is MlflowException or ArgumentException)
        {
            return null;
        }
    }

    public RegisteredModelJson ModelJson(ModelRecord model)
    {
        var meta = metadata.Model(model.Name);
        long created = model.Events.Count > 0 ? model.Events[0].Time.ToUnixTimeMilliseconds() : meta.Created;
        long updated = model.Events.Count > 0 ? model.Events[^1].Time.ToUnixTimeMilliseconds() : meta.Created;
        var latest = LatestVersions(model).Select(v => VersionJson(model, v)).ToList();
        var aliases = model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new RegisteredModelAliasJson(a.Key, a.Value.ToString(CultureInfo.InvariantCulture))).ToList();
        return new RegisteredModelJson(model.Name, Math.Min(created, meta.Created == 0 ? created : meta.Created), updated, null, meta.Description,
            latest.Count == 0 ? null : latest, Tags(meta.Tags), aliases.Count == 0 ? null : aliases);
    }

    public ModelVersionJson VersionJson(ModelRecord model, ModelVersion version)
    {
        var meta = metadata.Version(model.Name, version.Number);
        long updated = model.Events.Where(e => e.Version == version.Number).Select(e => e.Time.ToUnixTimeMilliseconds()).DefaultIfEmpty(version.Time.ToUnixTimeMilliseconds()).Max();
        var aliases = model.AliasesOf(version.Number);
        return new ModelVersionJson(
            model.Name,
            version.Number.ToString(CultureInfo.InvariantCulture),
            version.Time.ToUnixTimeMilliseconds(),
            updated,
            version.User,
            model.StateOf(version),
            meta.Description ?? version.Message,
            meta.Source ?? ArtifactUris.ForRegistryVersion(model.Name, version.Number),
            version.RunId,
            "READY",
            null,
            Tags(meta.Tags),
            meta.RunLink,
            aliases.Count == 0 ? null : aliases,
            meta.ModelId);
    }

    private static List<KeyValueJson>? Tags(Dictionary<string, string> tags) =>
        tags.Count == 0 ? null : tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueJson(t.Key, t.Value)).ToList();

    private static IEnumerable<ModelVersion> LatestVersions(ModelRecord model) =>
        model.Versions.Where(v => !v.IsDeleted).GroupBy(model.StateOf).Select(g => g.MaxBy(v => v.Number)!).OrderBy(v => v.Number);

    private VersionDraft Draft(ModelVersionSource source, string message)
    {
        var run = source.Run?.Record;
        var parameters = run?.Params ?? new Dictionary<string, string>();
        var metrics = run?.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal) ?? new Dictionary<string, double>();
        var data = run?.Data.Select(d => new RunArtifact(d.Path, d.Oid.Hex, d.Size)).ToList() ?? [];
        string? commit = run?.Commit ?? Git.GitRefs.Resolve(repo.Git, "HEAD^{commit}");
        if (source.IsSingleFile)
        {
            var file = source.Files[0];
            return new VersionDraft(file.Oid.Hex, file.Size, false, source.Path, commit, run?.Id.Hex, parameters, metrics, data, message, null);
        }
        var manifest = new DirectoryManifest(source.Files.Select(f => new DirectoryManifest.Entry(f.Path, f.Oid, f.Size)));
        var stored = repo.Store.Add(manifest.Encode());
        return new VersionDraft(stored.Oid.Hex, manifest.TotalSize, true, source.Path, commit, run?.Id.Hex, parameters, metrics, data, message, null, stored.Size);
    }

    private sealed class VersionRoot(MlRepository repo, ModelRecord model, ModelVersion version) : IArtifactRoot
    {
        public string Uri => ArtifactUris.ForRegistryVersion(model.Name, version.Number);

        public IReadOnlyList<ArtifactFile> Files()
        {
            var oid = ObjectId.Parse(version.Oid);
            if (!version.IsDirectory)
            {
                string name = version.Path.TrimEnd('/').Split('/')[^1];
                return [new ArtifactFile(name.Length == 0 ? "model" : name, oid, version.Size)];
            }
            var manifest = ModelContent.TryReadManifest(repo.Store, oid)
                ?? throw new MlflowException(ErrorCodes.ResourceDoesNotExist, $"the files of models:/{model.Name}/{version.Number} are not in this clone's store: run `git ml pull` (or `git ml model get models:/{model.Name}/{version.Number}`) in the served repository");
            return manifest.Entries.Select(e => new ArtifactFile(e.Path, e.Oid, e.Size)).ToList();
        }

        public void Add(ArtifactFile file) => throw MlflowException.InvalidParameter($"models:/{model.Name}/{version.Number} is a registered version: its content never changes");
    }
}
