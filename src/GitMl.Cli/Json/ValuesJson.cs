using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GitMl.Core.Metrics;

namespace GitMl.Cli.Json;

// `metrics diff --json` and `params diff --json` print DVC's shape: {path: {key: {old, new, diff}}}, with `diff` only
// for numbers. `metrics show --json` prints {revision: {path: {key: value}}}, keys flattened with dots.

public sealed record ValueChangeJson(
    JsonNode? Old,
    JsonNode? New,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Diff);

public static class ValuesJson
{
    public static Dictionary<string, Dictionary<string, ValueChangeJson>> Diff(IReadOnlyList<ValueChange> changes) =>
        changes.GroupBy(c => c.Path, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.ToDictionary(c => c.Key, c => new ValueChangeJson(c.Old?.DeepClone(), c.New?.DeepClone(), c.Delta?.DeepClone()), StringComparer.Ordinal),
            StringComparer.Ordinal);

    public static Dictionary<string, Dictionary<string, Dictionary<string, JsonNode?>>> Show(IReadOnlyList<RevisionValues> revisions)
    {
        var result = new Dictionary<string, Dictionary<string, Dictionary<string, JsonNode?>>>(StringComparer.Ordinal);
        foreach (var revision in revisions)
        {
            result[revision.Label] = revision.Files.ToDictionary(
                f => f.Key,
                f => f.Value.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal),
                StringComparer.Ordinal);
        }
        return result;
    }
}
