namespace GitMl.Core.Registry;

/// <summary>
/// Three-way merge of two registries, model by model (<see cref="ModelMerger"/>): models changed on one side only, or
/// different models changed on each side, merge without question. Pure: the inputs are the decoded model files of
/// the merge base, the local registry and the fetched one.
/// </summary>
public static class RegistryMerger
{
    public static RegistryMergeResult Merge(
        IReadOnlyDictionary<string, ModelRecord> baseModels,
        IReadOnlyDictionary<string, ModelRecord> ours,
        IReadOnlyDictionary<string, ModelRecord> theirs,
        string remoteName,
        MergePreference preference = MergePreference.None)
    {
        var merged = new Dictionary<string, ModelRecord>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        foreach (string name in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            var result = ModelMerger.Merge(baseModels.GetValueOrDefault(name), ours.GetValueOrDefault(name), theirs.GetValueOrDefault(name), remoteName, preference);
            if (result.Merged is { } model)
            {
                merged[name] = model;
            }
            conflicts.AddRange(result.Conflicts);
        }
        return new RegistryMergeResult(merged, conflicts);
    }
}
