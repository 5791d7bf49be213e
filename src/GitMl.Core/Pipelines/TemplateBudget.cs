using System.Text.Json.Nodes;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Bounds what expanding one pipeline file may build. Reading the file is bounded by <see cref="InputLimits"/>, but
/// expansion multiplies: a matrix of six lists of twenty values is 64 million stages, a foreach over a long list
/// copies its values into every stage, and a command that repeats a long ${...} a thousand times is a thousand
/// copies. Every value foreach, matrix, vars and ${...} copy or build counts against <see cref="InputLimits.MaxNodes"/>,
/// and all substituted text against <see cref="InputLimits.MaxChars"/>, so a small file cannot expand to gigabytes.
/// One per pipeline file, shared by the stage scopes of <see cref="TemplateContext"/>.
/// </summary>
internal sealed class TemplateBudget
{
    private long _nodes;
    private long _chars;

    /// <exception cref="TemplateException">The expansion now holds more than <see cref="InputLimits.MaxNodes"/> values.</exception>
    public void AddNodes(long count)
    {
        _nodes += count;
        if (_nodes > InputLimits.MaxNodes)
        {
            throw new TemplateException($"foreach, matrix, vars and ${{...}} expand the pipeline beyond {InputLimits.MaxNodes:N0} values, the most git-ml builds from one pipeline file; generate fewer stages or substitute smaller values");
        }
    }

    /// <exception cref="TemplateException">The substituted text now exceeds <see cref="InputLimits.MaxChars"/> characters.</exception>
    public void AddText(long chars)
    {
        _chars += chars;
        if (_chars > InputLimits.MaxChars)
        {
            throw new TemplateException($"${{...}} substitutions expand the pipeline beyond {InputLimits.MaxChars:N0} characters of text, the most git-ml builds from one pipeline file; substitute shorter values");
        }
    }

    /// <summary>A copy of <paramref name="value"/>, counted.</summary>
    public JsonNode? Copy(JsonNode? value)
    {
        AddNodes(Count(value));
        return value?.DeepClone();
    }

    /// <summary>The values in a tree (its depth is bounded: it was read through <see cref="InputLimits"/>).</summary>
    private static long Count(JsonNode? value) => value switch
    {
        JsonObject o => 1 + o.Sum(p => Count(p.Value)),
        JsonArray a => 1 + a.Sum(Count),
        _ => 1,
    };
}
