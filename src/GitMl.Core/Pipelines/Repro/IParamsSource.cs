using System.Text.Json.Nodes;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>Parameter values as a stage sees them now (params files in the working tree).</summary>
public interface IParamsSource
{
    /// <summary>Values of the given dotted keys of a params file (every key of the file when <paramref name="keys"/> is empty).</summary>
    /// <exception cref="PipelineFormatException">The file is missing or unreadable, or a key is not in it.</exception>
    IReadOnlyDictionary<string, JsonNode?> Values(string file, IReadOnlyList<string> keys);
}
