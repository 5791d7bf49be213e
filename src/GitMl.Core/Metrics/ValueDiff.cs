using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Metrics;

/// <summary>Compares the values of two revisions (pure).</summary>
public static class ValueDiff
{
    /// <summary>
    /// The rows of a diff: files in the new revision's order, then files only the old one has; within a file, keys in
    /// the new file's order, then keys only the old one has. Only changed, added and removed values unless
    /// <paramref name="all"/>. Values are the same when they have the same type and text: 1 and 1.0 differ (an integer
    /// and a float), as they do for DVC.
    /// </summary>
    public static IReadOnlyList<ValueChange> Compare(RevisionValues oldValues, RevisionValues newValues, bool all)
    {
        ArgumentNullException.ThrowIfNull(oldValues);
        ArgumentNullException.ThrowIfNull(newValues);
        var rows = new List<ValueChange>();
        foreach (string path in newValues.Files.Keys.Concat(oldValues.Files.Keys).Distinct(StringComparer.Ordinal))
        {
            var before = oldValues.Files.GetValueOrDefault(path) ?? new Dictionary<string, JsonNode?>();
            var after = newValues.Files.GetValueOrDefault(path) ?? new Dictionary<string, JsonNode?>();
            foreach (string key in after.Keys.Concat(before.Keys).Distinct(StringComparer.Ordinal))
            {
                bool hadIt = before.TryGetValue(key, out var oldValue);
                bool hasIt = after.TryGetValue(key, out var newValue);
                var kind = !hadIt ? ChangeKind.Added : !hasIt ? ChangeKind.Removed : Same(oldValue, newValue) ? ChangeKind.Unchanged : ChangeKind.Changed;
                if (all || kind != ChangeKind.Unchanged)
                {
                    rows.Add(new ValueChange(path, key, oldValue, newValue, kind));
                }
            }
        }
        return rows;
    }

    /// <summary>Same type and same text (lists and mappings: same JSON).</summary>
    public static bool Same(JsonNode? a, JsonNode? b) =>
        ParamValues.Describe(a) == ParamValues.Describe(b) && PythonText.Str(a) == PythonText.Str(b);
}
