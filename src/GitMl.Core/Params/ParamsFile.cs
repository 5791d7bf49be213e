using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Params;

/// <summary>
/// Parameters files, as DVC reads them: YAML (.yaml, .yml; the YAML 1.2 core schema), JSON (.json) and TOML (.toml),
/// each holding a tree of named values whose top level is a mapping. Values are <see cref="JsonNode"/>s typed as in
/// the file (see <see cref="ParamValues"/>). DVC also reads Python files (.py); git-ml does not, and says so.
/// </summary>
public static class ParamsFile
{
    /// <summary>The file name extensions git-ml reads, with the leading dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".yaml", ".yml", ".json", ".toml"];

    public static bool IsSupported(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Parses a params file. An empty YAML file is an empty mapping.
    /// </summary>
    /// <param name="filePath">Used to pick the format (by extension) and to name the file in errors.</param>
    /// <exception cref="PipelineFormatException">The text is not valid, its top level is not a mapping, or the format is not supported; the message names the file and the line.</exception>
    public static JsonObject Parse(string text, string filePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filePath);
        string extension = Path.GetExtension(filePath).ToLowerInvariant();
        JsonNode? tree = extension switch
        {
            ".yaml" or ".yml" => YamlSource.Load(text, filePath)?.ToJson() ?? new JsonObject(),
            ".json" => JsonSource.Load(text, filePath),
            ".toml" => TomlSource.Load(text, filePath),
            ".py" => throw new PipelineFormatException(filePath, null,
                "Python params files are not supported by git-ml; move the values to params.yaml (or a .json or .toml file)"),
            _ => throw new PipelineFormatException(filePath, null,
                $"unknown params file type `{extension}`: params files are YAML (.yaml, .yml), JSON (.json) or TOML (.toml)"),
        };
        return tree as JsonObject
            ?? throw new PipelineFormatException(filePath, 1, $"a params file holds named values (a mapping at the top), not {ParamValues.Describe(tree)}");
    }
}
