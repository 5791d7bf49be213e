namespace GitMl.Storage.Transfer;

/// <summary>
/// Runs an operation until it succeeds, fails with an error a retry cannot fix (<see cref="TransientErrors"/>), or
/// has been tried <c>maxAttempts</c> times, waiting as <see cref="Backoff"/> says between tries. Failures are
/// returned, not thrown, so one object's failure never stops a transfer; the caller's cancellation is thrown.
/// </summary>
internal sealed class RetryPolicy(int maxAttempts, Backoff backoff, Func<TimeSpan, CancellationToken, Task> delay)
{
    public async Task<RetryOutcome> RunAsync(Func<CancellationToken, Task> attempt, CancellationToken cancellationToken)
    {
        for (int tried = 1; ; tried++)
        {
            try
            {
                await attempt(cancellationToken);
                return new RetryOutcome(tried, null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Whatever broke (a connection aborted by the cancellation, say), the caller asked to stop.
                cancellationToken.ThrowIfCancellationRequested();
                if (tried >= maxAttempts || !TransientErrors.IsTransient(e))
                {
                    return new RetryOutcome(tried, e);
                }
                await delay(backoff.Before(tried - 1, TransientErrors.RetryAfter(e)), cancellationToken);
            }
        }
    }
}
