using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Core.Maintenance;

/// <summary>
/// `git ml gc`: finds the objects nothing in the chosen scope refers to (see <see cref="KeepSet"/>: what Git keeps is
/// always kept) and that were stored before the <see cref="GracePeriod"/>, and deletes them only when asked, checking
/// each object's age again at the moment it goes. On a data remote it keeps, whatever the scope, everything any ref of
/// this clone can reach, so one person's cleanup cannot break another's checkout of a branch or tag.
/// </summary>
public sealed class GarbageCollector(MlRepository repo)
{
    /// <summary>What gc would delete (or deleted): the objects, how many it keeps because something refers to them
    /// and how many because they are recent, and the leftover temporary files of killed commands.</summary>
    public sealed record Plan(IReadOnlyList<Candidate> Delete, int Kept, int Recent, IReadOnlyList<string> Leftovers)
    {
        public long Bytes => Delete.Sum(d => d.Size);
    }

    /// <summary>An object gc would delete: its id and size.</summary>
    public sealed record Candidate(ObjectId Oid, long Size);

    public Plan PlanLocal(GcScope scope, GracePeriod grace)
    {
        // Objects a killed gc had moved aside come back first, so that they are decided about like any other.
        repo.Store.PutBackMovedAside();
        var keep = KeepSet.Compute(repo, scope);
        var delete = new List<Candidate>();
        int kept = 0, recent = 0;
        foreach (var stored in repo.Store.Enumerate())
        {
            if (keep.Contains(stored.Oid))
            {
                kept++;
            }
            else if (grace.Protects(stored.WrittenUtc))
            {
                recent++;
            }
            else
            {
                delete.Add(new Candidate(stored.Oid, stored.Size));
            }
        }
        return new Plan(Sorted(delete), kept, recent, StoreLeftovers.Find(repo.Store));
    }

    /// <summary>
    /// Deletes what <paramref name="plan"/> lists, each object only if it is still older than the grace period at that
    /// moment (an add may have stored it again since the plan), and the leftovers still stale. Returns what was done:
    /// the objects deleted, the ones found recent at the last moment counted with the recent ones.
    /// </summary>
    public Plan DeleteLocal(Plan plan, GracePeriod grace)
    {
        var deleted = plan.Delete.Where(c => repo.Store.DeleteUnlessWrittenAfter(c.Oid, grace.Cutoff)).ToList();
        var removed = StoreLeftovers.Remove(plan.Leftovers);
        return new Plan(deleted, plan.Kept, plan.Recent + plan.Delete.Count - deleted.Count, removed);
    }

    public async Task<Plan> PlanRemoteAsync(DataRemote remote, IBlobStoreFactory factory, GracePeriod grace, CancellationToken cancellationToken)
    {
        var keep = KeepSet.Compute(repo, GcScope.EverythingReachable);
        var delete = new List<Candidate>();
        int kept = 0, recent = 0;
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
            else if (grace.Protects(blob.LastModifiedUtc))
            {
                recent++;
            }
            else
            {
                delete.Add(new Candidate(oid, blob.Size));
            }
        }
        return new Plan(Sorted(delete), kept, recent, []);
    }

    /// <summary>
    /// Deletes what <paramref name="plan"/> lists from the remote, each object only if the remote still reports it
    /// older than the grace period just before (someone may have uploaded it again since the plan).
    /// </summary>
    public static async Task<Plan> DeleteRemoteAsync(DataRemote remote, IBlobStoreFactory factory, Plan plan, GracePeriod grace, CancellationToken cancellationToken)
    {
        await using var store = factory.Open(remote);
        var deleted = new List<Candidate>();
        int recent = plan.Recent;
        foreach (var candidate in plan.Delete)
        {
            string key = ObjectKeys.For(candidate.Oid);
            BlobInfo? now = null;
            await foreach (var blob in store.ListAsync(key, cancellationToken).ConfigureAwait(false))
            {
                if (blob.Key == key)
                {
                    now = blob;
                }
            }
            if (now is null)
            {
                continue; // Gone already.
            }
            if (grace.Protects(now.LastModifiedUtc))
            {
                recent++;
                continue;
            }
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            deleted.Add(candidate);
        }
        return new Plan(deleted, plan.Kept, recent, []);
    }

    private static List<Candidate> Sorted(List<Candidate> candidates) => [.. candidates.OrderBy(c => c.Oid.Hex, StringComparer.Ordinal)];
}
