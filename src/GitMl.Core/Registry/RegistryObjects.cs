using GitMl.Core.Objects;
using GitMl.Core.Transfer;
using GitMl.Git;

namespace GitMl.Core.Registry;

/// <summary>
/// The store objects the registry needs: every version that is not deleted (which covers every stage, alias and
/// rollback target, since those can never be deleted). A directory version needs its manifest and, when the
/// manifest is in the local store, every file it lists. Read from the local registry ref and from any fetched copy
/// under refs/ml/remotes/*/ml/registry (SharedRefs.TrackingRef), so what a not-yet-merged remote registry needs is not collected either.
/// </summary>
public static class RegistryObjects
{
    /// <summary>The registry refs to read: the local one and fetched remote copies.</summary>
    public static IReadOnlyList<string> Refs(MlRepository repo) =>
        [.. GitRefs.List(repo.Git, [RegistryStore.RefName, "refs/ml/remotes/*/ml/registry"]).Select(r => r.Oid).Distinct(StringComparer.Ordinal)];

    /// <summary>Each object with a path naming its model version (for push and for messages).</summary>
    public static IEnumerable<PointerUse> Referenced(MlRepository repo) => InCommits(repo, Refs(repo));

    /// <summary>The objects the registry at these commits needs (e.g. the registry commits a push sends).</summary>
    public static IEnumerable<PointerUse> InCommits(MlRepository repo, IEnumerable<string> registryCommits)
    {
        var store = new RegistryStore(repo);
        var seen = new HashSet<ObjectId>();
        foreach (string commit in registryCommits)
        {
            foreach (var model in store.ReadCommit(commit).Models.Values)
            {
                foreach (var version in model.Versions.Where(v => !v.IsDeleted))
                {
                    foreach (var use in Objects(repo, model, version).Where(u => seen.Add(u.Oid)))
                    {
                        yield return use;
                    }
                }
            }
        }
    }

    /// <summary>The objects one version consists of: its content, or its manifest and the files it lists.</summary>
    public static IEnumerable<PointerUse> Objects(MlRepository repo, ModelRecord model, ModelVersion version)
    {
        var oid = ObjectId.Parse(version.Oid);
        string label = $"models:/{model.Name}/{version.Number}";
        if (!version.IsDirectory)
        {
            yield return new PointerUse(new Pointer(oid, version.Size), label);
            yield break;
        }
        long manifestSize = version.ManifestSize ?? repo.Store.SizeOf(oid) ?? 0;
        yield return new PointerUse(new Pointer(oid, manifestSize), label);
        if (repo.Store.Contains(oid) && ModelContent.TryReadManifest(repo.Store, oid) is { } manifest)
        {
            foreach (var entry in manifest.Entries)
            {
                yield return new PointerUse(new Pointer(entry.Oid, entry.Size), $"{label}/{entry.Path}");
            }
        }
    }
}
