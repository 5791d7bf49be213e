namespace GitMl.Storage;

/// <summary>How a <see cref="TransferQueue"/> works.</summary>
/// <param name="Jobs">Objects in flight at once.</param>
/// <param name="MaxAttempts">Tries per object (and per existence batch) before giving up on it.</param>
/// <param name="BaseDelay">The first retry waits up to this long (full jitter), doubling each time.</param>
/// <param name="MaxDelay">No wait is longer than this, a server's Retry-After included.</param>
/// <param name="ExistsBatchSize">
/// Keys asked about per <see cref="IBlobStore.ExistsAsync"/> call. Large by default: cloud backends answer a big batch
/// by listing (see <see cref="Adapters.ListingExistence"/>), which costs about the same for 20,000 keys as for 1,000;
/// smaller batches would list the same store again for each.
/// </param>
public sealed record TransferOptions(int Jobs, int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, int ExistsBatchSize)
{
    public const int DefaultJobs = 8;

    public static TransferOptions Default { get; } = new(DefaultJobs, 5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), 20_000);
}
