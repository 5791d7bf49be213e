using System.Diagnostics.CodeAnalysis;
using GitMl.Storage.IO;
using GitMl.Storage.Transfer;

namespace GitMl.Storage;

/// <summary>
/// Moves many objects between git-ml and one store: <see cref="TransferOptions.Jobs"/> objects in flight at once,
/// each streamed (memory does not depend on object sizes), each retried on transient failures with jittered
/// exponential backoff, downloads verified while they are read. One object failing for good does not stop the
/// others: it is reported in <see cref="TransferReport.Failures"/>. A failure of the store itself
/// (<see cref="StorageException.AffectsWholeStore"/>) does: every object not transferred yet is reported failed with
/// it, at once. Cancellation stops everything promptly and throws <see cref="OperationCanceledException"/>.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "A queue of transfers in the domain's sense (git-lfs's transfer queue), not a Queue<T> collection.")]
public sealed class TransferQueue
{
    private readonly IBlobStore _store;
    private readonly TransferOptions _options;
    private readonly ITransferProgress _progress;
    private readonly RetryPolicy _retry;

    /// <param name="delay">Waits between retries; <see cref="Task.Delay(TimeSpan, CancellationToken)"/> unless a
    /// test makes retries instant.</param>
    public TransferQueue(IBlobStore store, TransferOptions options, ITransferProgress? progress = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Jobs, 1, "options.Jobs");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, "options.MaxAttempts");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ExistsBatchSize, 1, "options.ExistsBatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaseDelay, TimeSpan.Zero, "options.BaseDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDelay, TimeSpan.Zero, "options.MaxDelay");
        _store = store;
        _options = options;
        _progress = progress ?? NullTransferProgress.Instance;
        _retry = new RetryPolicy(options.MaxAttempts, new Backoff(options.BaseDelay, options.MaxDelay), delay ?? Task.Delay);
    }

    /// <summary>
    /// Uploads the objects the store does not have yet. The store is first asked which keys it has, in batches of
    /// <see cref="TransferOptions.ExistsBatchSize"/>; those are skipped. An object whose existence could not be
    /// checked is reported as failed rather than uploaded blindly. Each item's source is opened once per attempt and
    /// disposed after it; the store refuses a source that does not yield the announced bytes
    /// (<see cref="IBlobStore.PutAsync"/>). Keys should be distinct: a key listed twice is uploaded twice.
    /// <see cref="TransferReport.Bytes"/> counts the objects uploaded.
    /// <para>Once every object has been tried, the store is flushed once (<see cref="IBlobStore.FlushAsync"/>, retried
    /// like any transfer when it fails transiently): an object counts as uploaded only once it is durable, so when the
    /// flush fails for good every object uploaded by this call is reported as failed, with the reason.</para>
    /// </summary>
    public async Task<TransferReport> UploadAsync(IReadOnlyList<UploadItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var failures = new TransferFailure?[items.Count];
        var (present, stoppedBy) = await FindPresentAsync(items, failures, cancellationToken);
        var jobs = new List<Job>();
        int skipped = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (present.Contains(item.Key))
            {
                skipped++;
            }
            else if (failures[i] is null)
            {
                jobs.Add(new Job(i, item.Key, item.Length, $"upload '{item.Key}' to {_store.Description}", token => UploadOnceAsync(item, token)));
            }
        }
        var (done, runStoppedBy) = await RunAsync(jobs, failures, cancellationToken);
        stoppedBy ??= runStoppedBy;
        if (done.Count > 0)
        {
            var flushed = await _retry.RunAsync(_store.FlushAsync, cancellationToken);
            if (!flushed.Succeeded)
            {
                foreach (var job in done)
                {
                    failures[job.Index] = new TransferFailure(job.Key, Explain($"make '{job.Key}' durable on {_store.Description} (the flush after the uploads failed)", flushed));
                }
                done = [];
                stoppedBy ??= flushed.Error as StorageException is { AffectsWholeStore: true } stop ? stop : null;
            }
        }
        return Report(done, failures, skipped, stoppedBy);
    }

    /// <summary>
    /// Downloads every object and hands its bytes to the item's consumer through a stream that verifies length and
    /// SHA-256 as it is read. A damaged download is retried like any transient failure; the consumer must read
    /// to the end (or to the object's length) and keep nothing when reading throws.
    /// </summary>
    public async Task<TransferReport> DownloadAsync(IReadOnlyList<DownloadItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var jobs = items
            .Select((item, i) => new Job(i, item.Key, item.Length, $"download '{item.Key}' from {_store.Description}", token => DownloadOnceAsync(item, token)))
            .ToList();
        var failures = new TransferFailure?[items.Count];
        var (done, stoppedBy) = await RunAsync(jobs, failures, cancellationToken);
        return Report(done, failures, skipped: 0, stoppedBy);
    }

    /// <summary>One object's transfer, as the retry loop sees it.</summary>
    /// <param name="Index">The item's position, so failures are reported in the caller's order.</param>
    /// <param name="What">What was attempted, for the failure message ("upload 'k' to s3://b/p").</param>
    private sealed record Job(int Index, string Key, long Length, string What, Func<CancellationToken, Task> AttemptAsync);

    /// <summary>Runs the jobs, <see cref="TransferOptions.Jobs"/> at a time, each retried; records each failure in
    /// <paramref name="failures"/> and returns the jobs that succeeded. The first failure that affects the whole store
    /// (<see cref="StorageException.AffectsWholeStore"/>) stops the run: transfers in flight are cancelled, and they and
    /// the jobs not started fail with that error, since every one of them would; it is returned too.</summary>
    private async Task<(List<Job> Done, StorageException? StoppedBy)> RunAsync(List<Job> jobs, TransferFailure?[] failures, CancellationToken cancellationToken)
    {
        _progress.Begin(jobs.Count, jobs.Sum(job => job.Length));
        var done = new List<Job>();
        using var stop = new StoreFailureStop(cancellationToken);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Jobs, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(jobs, parallel, async (job, _) =>
            {
                var outcome = await stop.RunAsync(_retry, job.AttemptAsync);
                if (outcome.Succeeded)
                {
                    lock (done)
                    {
                        done.Add(job);
                    }
                }
                else
                {
                    failures[job.Index] = new TransferFailure(job.Key, Explain(job.What, outcome));
                }
                _progress.ObjectDone();
            });
        }
        finally
        {
            _progress.Finish();
        }
        return (done, stop.StoppedBy);
    }

    private static TransferReport Report(List<Job> done, TransferFailure?[] failures, int skipped, StorageException? stoppedBy) =>
        new(done.Count, skipped, done.Sum(job => job.Length), [.. failures.OfType<TransferFailure>()]) { StoppedBy = stoppedBy };

    private async Task UploadOnceAsync(UploadItem item, CancellationToken cancellationToken)
    {
        if (_store is IFileCopyTarget copying && item.OpenKnownGood?.Invoke() is { } known)
        {
            using (known)
            {
                if (await copying.TryPutFileAsync(item.Key, known, item.Length, cancellationToken))
                {
                    _progress.Advance(item.Length);
                    return;
                }
            }
        }
        await using var content = new ProgressReadStream(item.Open(), _progress.Advance);
        await _store.PutAsync(item.Key, content, item.Length, item.Sha256, cancellationToken);
    }

    private async Task DownloadOnceAsync(DownloadItem item, CancellationToken cancellationToken)
    {
        await using var download = await _store.GetAsync(item.Key, cancellationToken);
        await using var content = new VerifyingReadStream(download.Content, _store.Description, item.Key, item.Length, item.Sha256, _progress.Advance);
        await item.Consume(content, cancellationToken);
        if (!content.Verified)
        {
            // Not retried: the consumer's bug, which another attempt would repeat.
            throw new InvalidOperationException(
                "the consumer returned before reading the whole object, so its bytes were never verified");
        }
    }

    /// <summary>Asks the store which keys it has, batch by batch, each batch retried like any transfer. When a batch
    /// fails for good, its items are recorded in <paramref name="failures"/>; a failure of the whole store is returned too.</summary>
    private async Task<(HashSet<string> Present, StorageException? StoppedBy)> FindPresentAsync(IReadOnlyList<UploadItem> items, TransferFailure?[] failures, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        for (int start = 0; start < items.Count; start += _options.ExistsBatchSize)
        {
            int end = Math.Min(items.Count, start + _options.ExistsBatchSize);
            string[] keys = new string[end - start];
            for (int i = start; i < end; i++)
            {
                keys[i - start] = items[i].Key;
            }
            IReadOnlySet<string>? found = null;
            var outcome = await _retry.RunAsync(async token => found = await _store.ExistsAsync(keys, token), cancellationToken);
            if (outcome.Succeeded)
            {
                present.UnionWith(keys.Where(found!.Contains)); // only keys asked about, whatever the store answers
                continue;
            }
            // A failure of the whole store fails every batch not yet asked about too, without asking.
            var wholeStore = outcome.Error as StorageException is { AffectsWholeStore: true } stop ? stop : null;
            int failed = wholeStore is null ? end : items.Count;
            for (int i = start; i < failed; i++)
            {
                failures[i] = new TransferFailure(items[i].Key, Explain($"check whether {_store.Description} has '{items[i].Key}'", outcome));
            }
            if (wholeStore is not null)
            {
                return (present, wholeStore);
            }
        }
        return (present, null);
    }

    private static string Explain(string what, RetryOutcome outcome) => outcome.Attempts switch
    {
        0 => $"did not {what} (stopped by an error that affects the whole store): {outcome.Error!.Message}",
        1 => $"could not {what}: {outcome.Error!.Message}",
        _ => $"could not {what} after {outcome.Attempts} attempts: {outcome.Error!.Message}",
    };
}
