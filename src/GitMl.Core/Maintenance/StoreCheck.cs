using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Core.Maintenance;

/// <summary>
/// `git ml fsck`: re-hashes every object of the local store (a corrupt one is moved to quarantine, so the next
/// checkout reports it missing instead of serving bad bytes) and, when asked, every object of a data remote.
/// </summary>
public sealed class StoreCheck(MlRepository repo)
{
    /// <summary>What a check found: how many objects were read, and the bad ones with what is wrong with each.</summary>
    public sealed record Result(int Checked, IReadOnlyList<(string Object, string Problem)> Problems);

    public Result CheckLocal(Action<int, int>? progress = null)
    {
        var objects = repo.Store.Enumerate().ToList();
        var problems = new List<(string, string)>();
        for (int i = 0; i < objects.Count; i++)
        {
            try
            {
                repo.Store.Verify(objects[i].Oid);
            }
            catch (CorruptObjectException e)
            {
                problems.Add((e.Oid.Hex, e.Detail + (e.QuarantinePath is null ? "" : $"; moved to {e.QuarantinePath}")));
            }
            catch (Storage.IO.SpecialFileException e)
            {
                problems.Add((objects[i].Oid.Hex, e.Message));
            }
            progress?.Invoke(i + 1, objects.Count);
        }
        return new Result(objects.Count, problems);
    }

    /// <summary>Downloads and hashes every object on the remote (verification is the transfer queue's own).</summary>
    public static async Task<Result> CheckRemoteAsync(DataRemote remote, IBlobStoreFactory factory, ITransferProgress? progress, CancellationToken cancellationToken)
    {
        var items = new List<DownloadItem>();
        var problems = new List<(string, string)>();
        await using (var store = factory.Open(remote))
        {
            await foreach (var blob in store.ListAsync("", cancellationToken).ConfigureAwait(false))
            {
                if (ObjectKeys.Parse(blob.Key) is { } oid)
                {
                    items.Add(new DownloadItem(blob.Key, blob.Size, Convert.FromHexString(oid.Hex), (stream, ct) => stream.CopyToAsync(Stream.Null, ct)));
                }
            }
        }
        await using var reader = factory.Open(remote);
        var report = await new TransferQueue(reader, TransferOptions.Default with { MaxAttempts = 2 }, progress).DownloadAsync(items, cancellationToken).ConfigureAwait(false);
        problems.AddRange(report.Failures.Select(f => (f.Key, f.Message)));
        return new Result(items.Count, problems);
    }
}
