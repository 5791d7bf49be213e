using System.Text.Json;
using GitMl.Core.IO;
using GitMl.Server.Http;
using GitMl.Server.Json;

namespace GitMl.Server.Tracking;

/// <summary>
/// The experiments this server knows: created through the API, or learnt from runs recorded elsewhere (a run carries
/// its experiment's id and name in its tags, <see cref="ServerTags"/>). Kept in memory and in
/// <see cref="ServerPaths.ExperimentsFile"/> (written whole by atomic rename on every change); the Default experiment
/// "0" always exists. Names are unique among all experiments, deleted ones included, as in MLflow.
/// </summary>
public sealed class ExperimentStore
{
    private const int Schema = 1;

    private readonly object _gate = new();
    private readonly string _file;
    private readonly Dictionary<string, Experiment> _byId = new(StringComparer.Ordinal);

    public ExperimentStore(ServerPaths paths)
    {
        _file = paths.ExperimentsFile;
        if (File.Exists(_file))
        {
            ExperimentsFileJson? state;
            try
            {
                state = JsonSerializer.Deserialize(File.ReadAllBytes(_file), ServerJsonContext.Default.ExperimentsFileJson);
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"{_file} is not an experiments file git-ml wrote; move it away and restart (experiments are learnt again from the runs)");
            }
            if (state is null || state.Schema > Schema)
            {
                throw new InvalidDataException($"{_file} was written by a newer git-ml (schema {state?.Schema}); upgrade git-ml");
            }
            foreach (var e in state.Experiments)
            {
                _byId[e.Id] = new Experiment(e.Id, e.Name, e.Deleted, e.CreationTime, e.LastUpdateTime, e.Tags);
            }
        }
        if (!_byId.ContainsKey(Experiment.DefaultId))
        {
            _byId[Experiment.DefaultId] = new Experiment(Experiment.DefaultId, Experiment.DefaultName, false, 0, 0, new Dictionary<string, string>());
        }
    }

    public IReadOnlyList<Experiment> All()
    {
        lock (_gate)
        {
            return [.. _byId.Values];
        }
    }

    public Experiment Get(string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var experiment)
                ? experiment
                : throw MlflowException.NotFound($"No Experiment with id={id} exists");
        }
    }

    /// <summary>The experiment with this name, the active one first; null when none.</summary>
    public Experiment? FindByName(string name)
    {
        lock (_gate)
        {
            return _byId.Values.Where(e => e.Name == name).OrderBy(e => e.Deleted).FirstOrDefault();
        }
    }

    public Experiment Create(string name, IReadOnlyDictionary<string, string> tags)
    {
        RequireName(name);
        lock (_gate)
        {
            if (_byId.Values.FirstOrDefault(e => e.Name == name) is { } existing)
            {
                throw MlflowException.AlreadyExists(existing.Deleted
                    ? $"Experiment '{name}' already exists in deleted state (id {existing.Id}); restore it, or choose another name"
                    : $"Experiment '{name}' already exists.");
            }
            string id = FreeId(name);
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var experiment = new Experiment(id, name, false, now, now, new Dictionary<string, string>(tags, StringComparer.Ordinal));
            _byId[id] = experiment;
            Save();
            return experiment;
        }
    }

    /// <summary>
    /// Records an experiment named by a run recorded elsewhere (a fetched note) when this server does not know its id
    /// yet. An experiment this server knows keeps its own name.
    /// </summary>
    public void Learn(string id, string name, long time)
    {
        if (!ExperimentIds.IsWellFormed(id))
        {
            return;
        }
        lock (_gate)
        {
            if (_byId.ContainsKey(id))
            {
                return;
            }
            string unique = _byId.Values.Any(e => e.Name == name) ? $"{name} ({id})" : name;
            _byId[id] = new Experiment(id, unique, false, time, time, new Dictionary<string, string>());
            Save();
        }
    }

    public void Rename(string id, string newName)
    {
        RequireName(newName);
        Change(id, e =>
        {
            if (_byId.Values.Any(other => other.Id != id && other.Name == newName))
            {
                throw MlflowException.AlreadyExists($"Experiment '{newName}' already exists.");
            }
            return e with { Name = newName };
        });
    }

    public void Delete(string id) => Change(id, e => e.Deleted
        ? throw MlflowException.InvalidParameter($"Cannot delete an already deleted experiment: {id}")
        : e with { Deleted = true });

    public void Restore(string id) => Change(id, e => e.Deleted
        ? e with { Deleted = false }
        : throw MlflowException.InvalidParameter($"Cannot restore an active experiment: {id}"));

    public void SetTag(string id, string key, string value) => Change(id, e =>
    {
        RequireActive(e);
        return e with { Tags = new Dictionary<string, string>(e.Tags, StringComparer.Ordinal) { [key] = value } };
    });

    public void DeleteTag(string id, string key) => Change(id, e =>
    {
        RequireActive(e);
        if (!e.Tags.ContainsKey(key))
        {
            throw MlflowException.NotFound($"No tag with name: {key} in experiment with id {id}");
        }
        var tags = new Dictionary<string, string>(e.Tags, StringComparer.Ordinal);
        tags.Remove(key);
        return e with { Tags = tags };
    });

    public static void RequireActive(Experiment experiment)
    {
        if (experiment.Deleted)
        {
            throw MlflowException.InvalidParameter($"The experiment {experiment.Id} must be in the 'active' state. Current state is deleted.");
        }
    }

    private void Change(string id, Func<Experiment, Experiment> change)
    {
        lock (_gate)
        {
            var experiment = _byId.TryGetValue(id, out var e) ? e : throw MlflowException.NotFound($"No Experiment with id={id} exists");
            _byId[id] = change(experiment) with { LastUpdateTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            Save();
        }
    }

    private string FreeId(string name)
    {
        for (int attempt = 0; ; attempt++)
        {
            string id = ExperimentIds.ForName(name, attempt);
            if (!_byId.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private static void RequireName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw MlflowException.InvalidParameter("Invalid experiment name: the name must be a non-empty string");
        }
    }

    private void Save()
    {
        var state = new ExperimentsFileJson(Schema, _byId.Values.OrderBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => new ExperimentStateJson(e.Id, e.Name, e.Deleted, e.CreationTime, e.LastUpdateTime, new Dictionary<string, string>(e.Tags)))
            .ToList());
        AtomicFile.WriteAllText(_file, JsonSerializer.Serialize(state, ServerJsonContext.Default.ExperimentsFileJson) + "\n");
    }
}
