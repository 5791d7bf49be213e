namespace GitMl.Core.Registry;

/// <summary>The merge of two whole registries: every model's merged record, or the conflicts (then nothing is merged).</summary>
public sealed record RegistryMergeResult(IReadOnlyDictionary<string, ModelRecord> Models, IReadOnlyList<string> Conflicts)
{
    public bool Succeeded => Conflicts.Count == 0;
}
