using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>Parameter values as the params files in the working tree hold them now (each file read once).</summary>
public sealed class WorkTreeParams(string workTree) : IParamsSource
{
    private readonly Dictionary<string, JsonObject> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public IReadOnlyDictionary<string, JsonNode?> Values(string file, IReadOnlyList<string> keys)
    {
        var root = Load(file);
        if (keys.Count == 0)
        {
            return ParamTree.Flatten(root).ToDictionary(e => e.Key, e => e.Value?.DeepClone(), StringComparer.Ordinal);
        }
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            values[key] = ParamTree.TryGet(root, key, out var value)
                ? value?.DeepClone()
                : throw new PipelineFormatException(file, null, $"parameter '{key}' is not in {file}: add it, or remove it from the stage's params");
        }
        return values;
    }

    private JsonObject Load(string file)
    {
        lock (_gate)
        {
            if (_files.TryGetValue(file, out var cached))
            {
                return cached;
            }
            string path = Path.Combine(workTree, file);
            if (!File.Exists(path))
            {
                throw new PipelineFormatException(file, null, $"params file {file} does not exist: create it, or remove it from the stage's params");
            }
            return _files[file] = ParamsFile.Parse(File.ReadAllText(path), file);
        }
    }
}
