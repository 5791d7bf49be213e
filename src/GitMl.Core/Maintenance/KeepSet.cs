using GitMl.Core.Objects;

namespace GitMl.Core.Maintenance;

/// <summary>
/// Every object garbage collection must keep: the union of what each reference source refers to. This is the
/// one function that decides; local and remote gc both ask it.
/// </summary>
public static class KeepSet
{
    public static HashSet<ObjectId> Compute(MlRepository repo, GcScope scope)
    {
        var keep = new HashSet<ObjectId>();
        foreach (var source in Sources(scope))
        {
            keep.UnionWith(source.Referenced(repo));
        }
        return keep;
    }

    public static IEnumerable<string> Describe(GcScope scope) => Sources(scope).Select(s => s.Description);

    private static IEnumerable<IKeepReferences> Sources(GcScope scope) => AlwaysKept().Concat(HistoryReferences.For(scope));

    /// <summary>
    /// Sources kept whatever the scope: what Git itself keeps, and what the model registry and experiment runs add,
    /// so a registered model version (and every stage, alias and rollback target) or a run's outputs are never collected.
    /// </summary>
    private static IEnumerable<IKeepReferences> AlwaysKept() => [new GitStateReferences(), new Registry.RegistryKeepReferences(), new Runs.RunReferences()];
}
