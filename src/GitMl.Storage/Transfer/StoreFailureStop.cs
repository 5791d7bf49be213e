namespace GitMl.Storage.Transfer;

/// <summary>
/// Stops a run of transfers at the first failure that affects the whole store (<see cref="StorageException.AffectsWholeStore"/>:
/// credentials refused, no such bucket, a remote folder not mounted): with 5,000 objects to push, trying each one
/// (and waiting out its retries) would only repeat the same error 5,000 times. Once stopped, transfers in flight are
/// cancelled and transfers not started are not tried; both end with that first error. The caller's own cancellation
/// is still thrown.
/// </summary>
internal sealed class StoreFailureStop(CancellationToken cancellationToken) : IDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    private Exception? _error;

    public static bool AffectsWholeStore(Exception error) => error is StorageException { AffectsWholeStore: true };

    /// <summary>The failure that stopped the run, or null while it goes on.</summary>
    public StorageException? StoppedBy => Volatile.Read(ref _error) as StorageException;

    /// <summary>Runs one transfer through <paramref name="retry"/>, unless the run has stopped.</summary>
    public async Task<RetryOutcome> RunAsync(RetryPolicy retry, Func<CancellationToken, Task> attempt)
    {
        if (Volatile.Read(ref _error) is { } stoppedBy)
        {
            return new RetryOutcome(0, stoppedBy);
        }
        RetryOutcome outcome;
        try
        {
            outcome = await retry.RunAsync(attempt, _stop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _stop.IsCancellationRequested)
        {
            return new RetryOutcome(0, Volatile.Read(ref _error)!); // set before the stop was cancelled
        }
        if (outcome.Error is { } error && AffectsWholeStore(error) && Interlocked.CompareExchange(ref _error, error, null) is null)
        {
            await _stop.CancelAsync();
        }
        return outcome;
    }

    public void Dispose() => _stop.Dispose();
}
