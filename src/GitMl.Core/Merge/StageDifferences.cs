using System.Text.Json.Nodes;
using GitMl.Core.Locks;
using GitMl.Core.Yaml;

namespace GitMl.Core.Merge;

/// <summary>
/// What differs between our and their version of a conflicting lock-file stage, in words a person can act on:
/// "cmd", "dep data/raw.csv", "param train.epochs (params.yaml): 20 ours, 30 theirs", "out models/model.pkl".
/// </summary>
public static class StageDifferences
{
    public static List<string> Describe(LockedStage? ours, LockedStage? theirs)
    {
        if (ours is null || theirs is null)
        {
            return [ours is null ? "deleted on our side, changed on theirs" : "changed on our side, deleted on theirs"];
        }
        var differences = new List<string>();
        if (ours.Command != theirs.Command)
        {
            differences.Add("cmd");
        }
        differences.AddRange(PathDifferences("dep", ours.Deps, theirs.Deps));
        differences.AddRange(ParamDifferences(ours.Params, theirs.Params));
        differences.AddRange(PathDifferences("out", ours.Outs, theirs.Outs));
        differences.AddRange(Differing(ours.Extra, theirs.Extra, v => v).Select(key => $"key '{key}'"));
        return differences;
    }

    private static IEnumerable<string> PathDifferences(string what, IReadOnlyList<LockedPath> ours, IReadOnlyList<LockedPath> theirs) =>
        Differing(ours.ToDictionary(p => p.Path, StringComparer.Ordinal), theirs.ToDictionary(p => p.Path, StringComparer.Ordinal), Fingerprint)
            .Select(path => $"{what} {path}");

    private static IEnumerable<string> ParamDifferences(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> ours, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> theirs)
    {
        foreach (string file in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            var o = ours.GetValueOrDefault(file) ?? new Dictionary<string, JsonNode?>();
            var t = theirs.GetValueOrDefault(file) ?? new Dictionary<string, JsonNode?>();
            foreach (string key in o.Keys.Union(t.Keys).Order(StringComparer.Ordinal))
            {
                string? ov = o.TryGetValue(key, out var x) ? YamlScalars.Value(x) : null;
                string? tv = t.TryGetValue(key, out var y) ? YamlScalars.Value(y) : null;
                if (ov != tv)
                {
                    yield return $"param {key} ({file}): {ov ?? "absent"} ours, {tv ?? "absent"} theirs";
                }
            }
        }
    }

    /// <summary>Keys whose values differ (or that only one side has), sorted.</summary>
    private static IEnumerable<string> Differing<T>(IReadOnlyDictionary<string, T> ours, IReadOnlyDictionary<string, T> theirs, Func<T, string> fingerprint) =>
        ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal)
            .Where(key => !ours.TryGetValue(key, out var o) || !theirs.TryGetValue(key, out var t) || fingerprint(o) != fingerprint(t));

    private static string Fingerprint(LockedPath p) =>
        $"{p.HashKind}:{p.Hash}:{p.Size}:{p.FileCount}:{string.Join(',', p.Extra.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"))}";
}
