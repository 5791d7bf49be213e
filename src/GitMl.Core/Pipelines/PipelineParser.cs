using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Reads a pipeline file, ml.yaml or dvc.yaml, in DVC's dvc.yaml schema: top-level <c>stages</c>, <c>vars</c>,
/// <c>params</c>, <c>metrics</c>, <c>plots</c>, <c>artifacts</c> (and <c>datasets</c>), the stage keys of
/// <see cref="PipelineSchema.StageKeys"/>, foreach/do and matrix templates, and ${...} substitution. Top-level params,
/// metrics, plots, artifacts and datasets are checked for shape and otherwise left to the commands that need them.
/// Everything is expanded here: the result has one <see cref="StageSpec"/> per stage to run, in file order.
/// </summary>
public static class PipelineParser
{
    /// <summary>Parses and expands a pipeline file.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The file's path relative to the top of the working tree ("ml.yaml"): named in errors, and its folder is the pipeline folder.</param>
    /// <param name="readFile">Reads a file (params.yaml, files listed in vars) given its path relative to the pipeline folder; null when there is no such file.</param>
    /// <exception cref="PipelineFormatException">The file (or a params file it loads) is not valid; the message names the file, the line and the fix.</exception>
    public static PipelineSpec Parse(string text, string filePath, Func<string, string?> readFile)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(readFile);
        return new PipelineReader(text, PipelinePaths.Normalize(filePath), readFile).Read();
    }
}
