using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Core.Transfer;

/// <summary>
/// Moves objects between the local store and a data remote through the transfer queue: uploads read verified
/// local objects; downloads land in the store only once their hash checks out.
/// </summary>
public sealed class DataTransfer(MlRepository repo, IBlobStoreFactory factory)
{
    /// <summary>What a push did: the queue's report, and the objects that could not be pushed because this
    /// clone does not have them.</summary>
    public sealed record PushResult(TransferReport Report, IReadOnlyList<PointerUse> MissingLocally)
    {
        public bool Succeeded => Report.Succeeded && MissingLocally.Count == 0;
    }

    /// <summary>What a fetch did: the queue's report, and how many objects were already here.</summary>
    public sealed record FetchResult(TransferReport Report, int AlreadyPresent);

    public async Task<PushResult> PushAsync(DataRemote remote, IReadOnlyList<PointerUse> pointers, TransferOptions options, ITransferProgress? progress, CancellationToken cancellationToken)
    {
        var missing = pointers.Where(p => !repo.Store.Contains(p.Oid)).ToList();
        var items = pointers
            .Where(p => !missing.Contains(p))
            .Select(p => new UploadItem(ObjectKeys.For(p.Oid), p.Pointer.Size, Convert.FromHexString(p.Oid.Hex), () => repo.Store.OpenRead(p.Oid)))
            .ToList();
        await using var store = factory.Open(remote);
        var report = await new TransferQueue(store, options, progress).UploadAsync(items, cancellationToken).ConfigureAwait(false);
        return new PushResult(report, missing);
    }

    public async Task<FetchResult> FetchAsync(DataRemote remote, IReadOnlyList<PointerUse> pointers, TransferOptions options, ITransferProgress? progress, CancellationToken cancellationToken)
    {
        var needed = pointers.Where(p => !repo.Store.Contains(p.Oid)).ToList();
        string source = remote.ToString();
        var items = needed
            .Select(p => new DownloadItem(ObjectKeys.For(p.Oid), p.Pointer.Size, Convert.FromHexString(p.Oid.Hex),
                (stream, _) => Task.Run(() => repo.Store.AddVerified(stream, p.Oid, source))))
            .ToList();
        await using var store = factory.Open(remote);
        var report = await new TransferQueue(store, options, progress).DownloadAsync(items, cancellationToken).ConfigureAwait(false);
        return new FetchResult(report, pointers.Count - needed.Count);
    }

    /// <summary>Transfer options for a remote: its configured jobs, else the default.</summary>
    public static TransferOptions OptionsFor(DataRemote remote, int? jobs)
    {
        int configured = remote.Option("jobs") is { } text && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : TransferOptions.DefaultJobs;
        return TransferOptions.Default with { Jobs = jobs ?? configured };
    }
}
