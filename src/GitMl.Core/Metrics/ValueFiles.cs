using System.Text.Json.Nodes;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Metrics;

/// <summary>What kind of values a file holds, which decides how it is flattened and named in tables.</summary>
public enum ValueKind
{
    /// <summary>Metrics: nested mappings and lists flattened ("folds.0.auc").</summary>
    Metrics,

    /// <summary>Params: nested mappings flattened, lists kept as values (as DVC compares params).</summary>
    Params,
}

/// <summary>
/// Reads metrics and params files (JSON, YAML or TOML, by extension, with the params parser) into flat values.
/// </summary>
public static class ValueFiles
{
    /// <summary>Flattens a file's text; <paramref name="keys"/>, when not empty, keeps only those dotted keys and what is below
    /// them (ones not there are left out).</summary>
    /// <exception cref="PipelineFormatException">Not valid, of an unknown type, or not a mapping at the top; the message names the file.</exception>
    public static IReadOnlyDictionary<string, JsonNode?> Flatten(string text, string path, ValueKind kind, IReadOnlyList<string> keys)
    {
        var root = ParamsFile.Parse(text, path);
        if (keys.Count == 0)
        {
            return ParamTree.Flatten(root, indexLists: kind == ValueKind.Metrics);
        }
        var selected = new OrderedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (!ParamTree.TryGet(root, key, out var value))
            {
                continue;
            }
            if (value is JsonObject section)
            {
                // A dependency on a section is one on every key below it: one row each, as DVC shows them.
                foreach (var (below, item) in ParamTree.Flatten(section, indexLists: kind == ValueKind.Metrics))
                {
                    selected[$"{key}.{below}"] = item;
                }
            }
            else
            {
                selected[key] = value;
            }
        }
        return selected;
    }

    /// <summary>Reads the files at one revision. A file missing there is left out; one that cannot be read is reported in <see cref="RevisionValues.Problems"/>.</summary>
    /// <exception cref="Objects.ObjectMissingException">A file is stored by git-ml and its content is not in the local store.</exception>
    public static RevisionValues Read(RevisionFiles revision, IReadOnlyList<ParamDependency> files, ValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(files);
        var contents = revision.ReadMany(files.Select(f => f.File).ToList());
        var values = new OrderedDictionary<string, IReadOnlyDictionary<string, JsonNode?>>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (int i = 0; i < files.Count; i++)
        {
            if (contents[i] is not { } bytes)
            {
                continue;
            }
            try
            {
                values[files[i].File] = Flatten(DeclaredFiles.Text(bytes), files[i].File, kind, files[i].Keys);
            }
            catch (PipelineFormatException e)
            {
                problems.Add($"{e.Message} (at {revision.Label}; left out)");
            }
        }
        return new RevisionValues(revision.Label, values, problems);
    }
}
