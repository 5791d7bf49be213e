namespace GitMl.Core.Registry;

/// <summary>
/// Everything the registry knows about one model: the content of its file NAME.json in the registry tree
/// (docs/spec/registry.md). Immutable: every operation in <see cref="ModelLifecycle"/> returns a new record.
/// </summary>
/// <param name="LastVersion">The highest version number ever issued; the next version is LastVersion + 1, so a number is never reused.</param>
/// <param name="Stages">Staging and Production: the one version in each (absent when empty).</param>
/// <param name="Previous">Per stage, the version it held before the current one: the N-1 rollback target.</param>
/// <param name="Aliases">Alias -> version, one version per alias.</param>
/// <param name="Versions">Every version ever registered, deleted ones included, by number.</param>
/// <param name="Events">The audit trail, oldest first.</param>
public sealed record ModelRecord(
    string Name,
    int LastVersion,
    IReadOnlyDictionary<string, int> Stages,
    IReadOnlyDictionary<string, int> Previous,
    IReadOnlyDictionary<string, int> Aliases,
    IReadOnlyList<ModelVersion> Versions,
    IReadOnlyList<ModelEvent> Events)
{
    /// <summary>A model nothing has been registered to yet.</summary>
    public static ModelRecord Empty(string name) =>
        new(RegistryNames.ValidateModel(name), 0, new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), [], []);

    public ModelVersion? Find(int number) => Versions.FirstOrDefault(v => v.Number == number);

    /// <summary>The version, or a clear error when the model has no such version.</summary>
    public ModelVersion Require(int number) =>
        Find(number) ?? throw new RegistryException($"model {Name} has no version {number} (its versions: {(Versions.Count == 0 ? "none" : string.Join(", ", Versions.Select(v => v.Number)))})");

    /// <summary>The newest version that is not deleted, or null.</summary>
    public ModelVersion? Latest => Versions.Where(v => !v.IsDeleted).MaxBy(v => v.Number);

    /// <summary>The single stage (Staging/Production) a version is in, if any.</summary>
    public string? StageOf(int number) => Stages.Where(s => s.Value == number).Select(s => s.Key).FirstOrDefault();

    /// <summary>The aliases pointing at a version, sorted.</summary>
    public IReadOnlyList<string> AliasesOf(int number) =>
        Aliases.Where(a => a.Value == number).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Stages whose rollback target (N-1) is this version.</summary>
    public IReadOnlyList<string> RollbackTargetOf(int number) =>
        Previous.Where(p => p.Value == number).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>The stage a version is shown in: Staging, Production, Archived or None (Deleted for a deleted one).</summary>
    public string StateOf(ModelVersion version) =>
        version.IsDeleted ? "Deleted" : StageOf(version.Number) ?? (version.IsArchived ? ModelStage.Archived : ModelStage.None);

    /// <summary>Versions a stage, alias or rollback slot points at: they can never be deleted or pruned.</summary>
    public IReadOnlySet<int> Protected => Stages.Values.Concat(Aliases.Values).Concat(Previous.Values).ToHashSet();
}
