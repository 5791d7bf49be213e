using GitMl.Core;
using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Server.Ui;

/// <summary>
/// Which of some objects the default data remote holds, for the Run and Models pages, asked as `git ml status` asks
/// (one batched existence call per <see cref="TransferOptions.ExistsBatchSize"/> keys) and under the same trust rule:
/// a remote this user has not approved for their credentials is not asked, and the answer says why.
/// </summary>
public sealed class UiDataRemote(MlRepository repo, IBlobStoreFactory? factory)
{
    /// <summary>The remote's name (null when there is none), the oids it has, and why it was not asked (or could not answer).</summary>
    public sealed record Presence(string? Remote, IReadOnlySet<ObjectId>? Present, string? Problem)
    {
        /// <summary>True or false when the remote was asked; null when it was not (no remote, not approved, unreachable).</summary>
        public bool? Has(ObjectId oid) => Present?.Contains(oid);
    }

    public Presence Check(IEnumerable<ObjectId> oids)
    {
        DataRemote? remote;
        try
        {
            remote = new DataRemotes(repo).DefaultOrNull();
        }
        catch (ArgumentException e)
        {
            return new Presence(null, null, e.Message);
        }
        if (remote is null)
        {
            return new Presence(null, null, "this repository has no default data remote (git ml remote add NAME URL --default)");
        }
        if (factory is null)
        {
            return new Presence(remote.Name, null, "data remotes are not asked here (an export records what was known locally)");
        }
        if (RemoteAccess.Decide(remote, repo.Environment).Refusal is { } refusal)
        {
            return new Presence(remote.Name, null, refusal);
        }
        var byKey = oids.Distinct().ToDictionary(ObjectKeys.For, o => o, StringComparer.Ordinal);
        var present = new HashSet<ObjectId>();
        try
        {
            AskAsync(remote, byKey, present).GetAwaiter().GetResult();
        }
        catch (RemoteAccessRefusedException e)
        {
            return new Presence(remote.Name, null, e.Message);
        }
        catch (StorageException e)
        {
            return new Presence(remote.Name, null, $"the data remote {remote.Name} did not answer: {e.Message}");
        }
        return new Presence(remote.Name, present, null);
    }

    private async Task AskAsync(DataRemote remote, Dictionary<string, ObjectId> byKey, HashSet<ObjectId> present)
    {
        if (byKey.Count == 0)
        {
            return;
        }
        await using var store = factory!.Open(remote);
        foreach (var batch in byKey.Keys.Chunk(TransferOptions.Default.ExistsBatchSize))
        {
            foreach (string key in await store.ExistsAsync(batch, CancellationToken.None).ConfigureAwait(false))
            {
                present.Add(byKey[key]);
            }
        }
    }
}
