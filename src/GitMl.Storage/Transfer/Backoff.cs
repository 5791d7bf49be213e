namespace GitMl.Storage.Transfer;

/// <summary>
/// How long to wait before a retry: "full jitter" exponential backoff. Retry r (0 for the first) waits a random
/// time between 0 and min(maxDelay, baseDelay * 2^r), which spreads many clients' retries out instead of having
/// them hit a struggling server in waves. A server's Retry-After is a floor, itself capped at maxDelay so that a
/// confused server cannot stall a transfer for hours.
/// </summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
{
    /// <summary>With <see cref="Random.Shared"/> as the source of jitter.</summary>
    public Backoff(TimeSpan baseDelay, TimeSpan maxDelay)
        : this(baseDelay, maxDelay, Random.Shared.NextDouble)
    {
    }

    /// <param name="retry">0 before the first retry, 1 before the second, ...</param>
    /// <param name="retryAfter">What the server asked for, if it did.</param>
    public TimeSpan Before(int retry, TimeSpan? retryAfter)
    {
        // ScaleB is exact and saturates instead of overflowing; the exponent is capped so 0 * 2^r stays 0.
        double cap = Math.Min(maxDelay.Ticks, Math.ScaleB(baseDelay.Ticks, Math.Min(retry, 62)));
        var wait = TimeSpan.FromTicks((long)(random() * cap));
        if (retryAfter is { } asked)
        {
            var floor = asked < maxDelay ? asked : maxDelay;
            wait = wait > floor ? wait : floor;
        }
        return wait;
    }
}
