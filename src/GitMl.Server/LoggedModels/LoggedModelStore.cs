using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using GitMl.Core.IO;
using GitMl.Core.Objects;
using GitMl.Server.Artifacts;
using GitMl.Server.Http;
using GitMl.Server.Json;

namespace GitMl.Server.LoggedModels;

/// <summary>
/// The logged models this server holds, one JSON file each under <see cref="ServerPaths.LoggedModels"/> (written by
/// atomic rename on every change), loaded at start. Ids are "m-" and 32 random hex digits, as MLflow's.
/// </summary>
public sealed class LoggedModelStore
{
    private const int Schema = 1;

    private readonly string _directory;
    private readonly ConcurrentDictionary<string, LoggedModel> _models = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public LoggedModelStore(ServerPaths paths)
    {
        _directory = paths.LoggedModels;
        if (!Directory.Exists(_directory))
        {
            return;
        }
        foreach (string file in Directory.EnumerateFiles(_directory, "m-*.json"))
        {
            LoggedModelStateJson? state;
            try
            {
                state = JsonSerializer.Deserialize(File.ReadAllBytes(file), ServerJsonContext.Default.LoggedModelStateJson);
            }
            catch (JsonException)
            {
                Console.Error.WriteLine($"git-ml serve: skipped {file}: it is not a logged model git-ml wrote");
                continue;
            }
            if (state is null || state.Schema > Schema || !IsId(state.ModelId))
            {
                Console.Error.WriteLine($"git-ml serve: skipped {file}: written by a newer git-ml, or not a logged model");
                continue;
            }
            _models[state.ModelId] = new LoggedModel(state.ModelId, state.ExperimentId, state.Name, state.CreationTime, state.LastUpdatedTime, state.Status,
                state.ModelType, state.SourceRunId, state.StatusMessage, state.Deleted, state.Tags, state.Params,
                state.Files.Select(f => new ArtifactFile(f.Path, ObjectId.Parse(f.Oid), f.Size)).ToList());
        }
    }

    public static bool IsId(string id) => id.Length == 34 && id.StartsWith("m-", StringComparison.Ordinal) && id[2..].All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public LoggedModel Create(string experimentId, string? name, string? modelType, string? sourceRunId, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> tags)
    {
        string id = "m-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var model = new LoggedModel(id, experimentId, string.IsNullOrEmpty(name) ? "model-" + id[2..10] : name, now, now, LoggedModelStatus.Pending,
            string.IsNullOrEmpty(modelType) ? null : modelType, string.IsNullOrEmpty(sourceRunId) ? null : sourceRunId, null, false,
            new Dictionary<string, string>(tags, StringComparer.Ordinal), new Dictionary<string, string>(parameters, StringComparer.Ordinal), []);
        lock (_gate)
        {
            Save(model);
            _models[id] = model;
        }
        return model;
    }

    /// <summary>The model (not deleted), or RESOURCE_DOES_NOT_EXIST.</summary>
    public LoggedModel Get(string id) =>
        _models.TryGetValue(id, out var model) && !model.Deleted ? model : throw MlflowException.NotFound($"Logged model with ID '{id}' not found.");

    public LoggedModel? TryGet(string id) => _models.TryGetValue(id, out var model) && !model.Deleted ? model : null;

    public IReadOnlyList<LoggedModel> All() => _models.Values.Where(m => !m.Deleted).ToList();

    public LoggedModel Change(string id, Func<LoggedModel, LoggedModel> change)
    {
        lock (_gate)
        {
            var changed = change(Get(id)) with { LastUpdatedTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            Save(changed);
            _models[id] = changed;
            return changed;
        }
    }

    public void AddFile(string id, ArtifactFile file) => Change(id, m => m with
    {
        Files = [.. m.Files.Where(f => f.Path != file.Path), file],
    });

    public IArtifactRoot? Root(string id) => TryGet(id) is null ? null : new ModelRoot(this, id);

    private void Save(LoggedModel m)
    {
        var state = new LoggedModelStateJson(Schema, m.Id, m.ExperimentId, m.Name, m.CreationTime, m.LastUpdatedTime, m.Status, m.ModelType, m.SourceRunId,
            m.StatusMessage, m.Deleted, new Dictionary<string, string>(m.Tags), new Dictionary<string, string>(m.Params),
            m.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new FileStateJson(f.Path, f.Oid.Hex, f.Size)).ToList());
        AtomicFile.WriteAllText(Path.Combine(_directory, m.Id + ".json"), JsonSerializer.Serialize(state, ServerJsonContext.Default.LoggedModelStateJson) + "\n");
    }

    private sealed class ModelRoot(LoggedModelStore store, string id) : IArtifactRoot
    {
        public string Uri => store.Get(id).ArtifactUri;

        public IReadOnlyList<ArtifactFile> Files() => store.Get(id).Files;

        public void Add(ArtifactFile file) => store.AddFile(id, file);
    }
}
