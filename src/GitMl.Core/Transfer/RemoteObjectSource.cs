using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Core.Transfer;

/// <summary>
/// A data remote as a source of missing objects for checkout: smudge fetches what it lacks on demand, so
/// `git clone` gets the content in one step. Downloads go through the transfer queue (retries, verification).
/// </summary>
public sealed class RemoteObjectSource(MlRepository repo, DataRemote remote, IBlobStoreFactory factory) : IObjectSource
{
    public string Description => remote.ToString();

    /// <returns>False when the remote does not have the object.</returns>
    /// <exception cref="StorageException">The remote has it but it could not be fetched (after retries).</exception>
    public bool TryCopyTo(Pointer pointer, ObjectStore store)
    {
        if (!HasAsync(pointer).GetAwaiter().GetResult())
        {
            return false;
        }
        var result = new DataTransfer(repo, factory)
            .FetchAsync(remote, [new PointerUse(pointer, "")], TransferOptions.Default with { Jobs = 1 }, progress: null, CancellationToken.None)
            .GetAwaiter().GetResult();
        return result.Report.Succeeded
            ? store.Contains(pointer.Oid)
            : throw new StorageException(result.Report.Failures[0].Message, isTransient: false);
    }

    private async Task<bool> HasAsync(Pointer pointer)
    {
        await using var blobs = factory.Open(remote);
        string key = ObjectKeys.For(pointer.Oid);
        return (await blobs.ExistsAsync([key], CancellationToken.None).ConfigureAwait(false)).Contains(key);
    }
}
