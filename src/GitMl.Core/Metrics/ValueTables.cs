using System.Text.Json.Nodes;

namespace GitMl.Core.Metrics;

/// <summary>The tables `metrics show`, `metrics diff` and `params diff` print (pure).</summary>
public static class ValueTables
{
    /// <summary>
    /// A diff: Path, Metric (or Param), the old revision's value, the new one's, and for metrics the Change (new minus
    /// old, for numbers; "-" otherwise), as DVC lays it out. Headers name the revisions ("HEAD", "workspace").
    /// </summary>
    public static Table Diff(IReadOnlyList<ValueChange> changes, string oldLabel, string newLabel, ValueKind kind, int? precision = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        bool withChange = kind == ValueKind.Metrics;
        List<string> headers = ["Path", KeyHeader(kind), oldLabel, newLabel];
        if (withChange)
        {
            headers.Add("Change");
        }
        var rows = changes.Select(c =>
        {
            List<string> row =
            [
                c.Path,
                c.Key,
                c.Kind == ChangeKind.Added ? ValueText.Missing : ValueText.Format(c.Old, precision),
                c.Kind == ChangeKind.Removed ? ValueText.Missing : ValueText.Format(c.New, precision),
            ];
            if (withChange)
            {
                row.Add(c.Delta is { } delta ? ValueText.Format(delta, precision) : ValueText.Missing);
            }
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new Table(headers, rows);
    }

    /// <summary>
    /// Values at one or more revisions side by side: Path, Metric, then one column per revision (its label), a row per
    /// value any of them has ("-" where a revision does not), in the order first seen.
    /// </summary>
    public static Table Show(IReadOnlyList<RevisionValues> revisions, ValueKind kind, int? precision = null)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        var keys = revisions.SelectMany(r => r.Files.SelectMany(f => f.Value.Keys.Select(k => (Path: f.Key, Key: k)))).Distinct().ToList();
        var rows = keys.Select(k => (IReadOnlyList<string>)
        [
            k.Path,
            k.Key,
            .. revisions.Select(r => r.Files.TryGetValue(k.Path, out var values) && values.TryGetValue(k.Key, out JsonNode? value)
                ? ValueText.Format(value, precision)
                : ValueText.Missing),
        ]).ToList();
        return new Table(["Path", KeyHeader(kind), .. revisions.Select(r => r.Label)], rows);
    }

    private static string KeyHeader(ValueKind kind) => kind == ValueKind.Metrics ? "Metric" : "Param";
}
