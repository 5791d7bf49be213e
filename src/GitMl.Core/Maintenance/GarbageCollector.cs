using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Core.Maintenance;

/// <summary>
/// `git ml gc`: finds the objects nothing in the chosen scope refers to (see <see cref="KeepSet"/>), and deletes
/// them only when asked. On a data remote it always keeps everything any ref of this clone can reach, whatever
/// the scope, so one person's cleanup cannot break another's checkout of a branch or tag.
/// </summary>
public sealed class GarbageCollector(MlRepository repo)
{
    /// <summary>What gc would delete (or deleted).</summary>
    public sealed record Plan(IReadOnlyList<Candidate> Delete, int Kept)
    {
        public long Bytes => Delete.Sum(d => d.Size);
    }

    /// <summary>An object gc would delete: its id and size.</summary>
    public sealed record Candidate(ObjectId Oid, long Size);

    public Plan PlanLocal(GcScope scope)
    {
        var keep = KeepSet.Compute(repo, scope);
        var all = repo.Store.Enumerate().ToList();
        var delete = all.Where(o => !keep.Contains(o.Oid)).Select(o => new Candidate(o.Oid, o.Size)).OrderBy(c => c.Oid.Hex, StringComparer.Ordinal).ToList();
        return new Plan(delete, all.Count - delete.Count);
    }

    public void DeleteLocal(Plan plan)
    {
        foreach (var candidate in plan.Delete)
        {
            repo.Store.Delete(candidate.Oid);
        }
    }

    public async Task<Plan> PlanRemoteAsync(DataRemote remote, IBlobStoreFactory factory, CancellationToken cancellationToken)
    {
        var keep = KeepSet.Compute(repo, GcScope.EverythingReachable);
        var delete = new List<Candidate>();
        int kept = 0;
        await using var store = factory.Open(remote);
        await foreach (var blob in store.ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            // Keys that are not objects belong to someone else: never touched.
            if (ObjectKeys.Parse(blob.Key) is not { } oid)
            {
                continue;
            }
            if (keep.Contains(oid))
            {
                kept++;
            }
            else
            {
                delete.Add(new Candidate(oid, blob.Size));
            }
        }
        return new Plan([.. delete.OrderBy(c => c.Oid.Hex, StringComparer.Ordinal)], kept);
    }

    public static async Task DeleteRemoteAsync(DataRemote remote, IBlobStoreFactory factory, Plan plan, CancellationToken cancellationToken)
    {
        await using var store = factory.Open(remote);
        foreach (var candidate in plan.Delete)
        {
            await store.DeleteAsync(ObjectKeys.For(candidate.Oid), cancellationToken).ConfigureAwait(false);
        }
    }
}
