using GitMl.Core.Diagnostics;
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
        var missingSet = missing.ToHashSet();
        MlTrace.Write("transfer", () => $"push to {remote}: {pointers.Count} object(s) referenced, {missing.Count} not in the local store" +
            (missing.Count > 0 ? $" ({string.Join(", ", missing.Take(5).Select(p => p.Oid.Hex[..12]))}{(missing.Count > 5 ? ", ..." : "")})" : ""));
        var items = pointers
            .Where(p => !missingSet.Contains(p))
            .Select(p => new UploadItem(ObjectKeys.For(p.Oid), p.Pointer.Size, Convert.FromHexString(p.Oid.Hex), () => repo.Store.OpenRead(p.Oid))
            {
                // Only large objects are ever known as verified: asking for a small one would open it twice.
                OpenKnownGood = p.Pointer.Size > ObjectStore.SmallObjectLimit ? () => repo.Store.OpenKnownGood(p.Oid) : null,
            })
            .ToList();
        await using var store = factory.Open(remote);
        var report = await new TransferQueue(store, options, progress).UploadAsync(items, cancellationToken).ConfigureAwait(false);
        Trace("push to", remote, report, options);
        return new PushResult(report, missing);
    }

    public async Task<FetchResult> FetchAsync(DataRemote remote, IReadOnlyList<PointerUse> pointers, TransferOptions options, ITransferProgress? progress, CancellationToken cancellationToken)
    {
        var needed = pointers.Where(p => !repo.Store.Contains(p.Oid)).ToList();
        MlTrace.Write("transfer", () => $"fetch from {remote}: {pointers.Count} object(s) referenced, {pointers.Count - needed.Count} already in the local store");
        string source = remote.ToString();
        var items = needed
            .Select(p => new DownloadItem(ObjectKeys.For(p.Oid), p.Pointer.Size, Convert.FromHexString(p.Oid.Hex),
                (stream, _) => Task.Run(() => repo.Store.AddVerified(stream, p.Oid, source))))
            .ToList();
        await using var store = factory.Open(remote);
        var report = await new TransferQueue(store, options, progress).DownloadAsync(items, cancellationToken).ConfigureAwait(false);
        Trace("fetch from", remote, report, options);
        return new FetchResult(report, pointers.Count - needed.Count);
    }

    private static void Trace(string what, DataRemote remote, TransferReport report, TransferOptions options) =>
        MlTrace.Write("transfer", () => $"{what} {remote} ({options.Jobs} jobs): {report.Transferred} transferred ({report.Bytes} bytes), " +
            $"{report.Skipped} already there, {report.Failures.Count} failed" +
            (report.StoppedBy is { } stopped ? $"; stopped: {stopped.Message}" : "") +
            string.Concat(report.Failures.Take(5).Select(f => $"; {f.Key}: {f.Message}")));

    /// <summary>Transfer options for a remote: its configured jobs, else the default.</summary>
    public static TransferOptions OptionsFor(DataRemote remote, int? jobs)
    {
        int configured = remote.Option("jobs") is { } text && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : TransferOptions.DefaultJobs;
        return TransferOptions.Default with { Jobs = jobs ?? configured };
    }
}
