using System.Text.Json;
using GitMl.Core.IO;
using GitMl.Server.Http;
using GitMl.Server.Json;

namespace GitMl.Server.Registry;

/// <summary>
/// What MLflow's registry has and git-ml's does not: descriptions and tags of registered models and versions, a
/// version's source URI, run link and logged model, and a model deleted through the API. Kept in
/// <see cref="ServerPaths.RegistryMetadataFile"/> (local to this clone, written by atomic rename); the versions,
/// stages, aliases and audit trail themselves are in refs/ml/registry.
/// </summary>
public sealed class RegistryMetadata
{
    private const int Schema = 1;

    private readonly object _gate = new();
    private readonly string _file;
    private RegistryMetadataJson _state;

    public RegistryMetadata(ServerPaths paths)
    {
        _file = paths.RegistryMetadataFile;
        _state = new RegistryMetadataJson(Schema, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        if (File.Exists(_file))
        {
            try
            {
                var read = JsonSerializer.Deserialize(File.ReadAllBytes(_file), ServerJsonContext.Default.RegistryMetadataJson);
                if (read is null || read.Schema > Schema)
                {
                    throw new InvalidDataException($"{_file} was written by a newer git-ml; upgrade git-ml");
                }
                _state = new RegistryMetadataJson(Schema, new(read.Models, StringComparer.Ordinal), new(read.Versions, StringComparer.Ordinal));
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"{_file} is not a registry metadata file git-ml wrote; move it away and restart (descriptions and tags set through the API are lost, the registry itself is not)");
            }
        }
    }

    public ModelMetadataJson Model(string name)
    {
        lock (_gate)
        {
            return _state.Models.TryGetValue(name, out var model) ? model : new ModelMetadataJson("", new(StringComparer.Ordinal), false, 0);
        }
    }

    public VersionMetadataJson Version(string name, int version)
    {
        lock (_gate)
        {
            return _state.Versions.TryGetValue(Key(name, version), out var meta) ? meta : new VersionMetadataJson(null, new(StringComparer.Ordinal), null, null, null);
        }
    }

    /// <summary>The registered versions made from a logged model.</summary>
    public IReadOnlyList<ModelRegistrationJson> Registrations(string modelId)
    {
        lock (_gate)
        {
            return _state.Versions.Where(v => v.Value.ModelId == modelId)
                .Select(v => new ModelRegistrationJson(v.Key[..v.Key.LastIndexOf('/')], v.Key[(v.Key.LastIndexOf('/') + 1)..]))
                .ToList();
        }
    }

    public void ChangeModel(string name, Func<ModelMetadataJson, ModelMetadataJson> change)
    {
        lock (_gate)
        {
            _state.Models[name] = change(Model(name));
            Save();
        }
    }

    public void ChangeVersion(string name, int version, Func<VersionMetadataJson, VersionMetadataJson> change)
    {
        lock (_gate)
        {
            _state.Versions[Key(name, version)] = change(Version(name, version));
            Save();
        }
    }

    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> tags, string key, string? value)
    {
        var copy = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        if (value is null)
        {
            if (!copy.Remove(key))
            {
                throw MlflowException.NotFound($"No tag with key '{key}'");
            }
        }
        else
        {
            copy[key] = value;
        }
        return copy;
    }

    private static string Key(string name, int version) => $"{name}/{version}";

    private void Save() => AtomicFile.WriteAllText(_file, JsonSerializer.Serialize(_state, ServerJsonContext.Default.RegistryMetadataJson) + "\n");
}
