namespace GitMl.Core.Sharing;

/// <summary>
/// The one retry policy for git-ml's shared refs: how often a compare-and-swap of the run notes or the registry is
/// tried again after another writer got there first (<see cref="ContendedRef"/>), and how often a push of them is
/// tried again after another clone pushed first (<see cref="SharedRefs.Push"/>). Bounded, with exponential back-off
/// and jitter, so two writers that collided do not collide again in lock step.
/// </summary>
/// <param name="Attempts">How many times to try in all (at least 1).</param>
/// <param name="FirstDelay">The pause after the first lost race; it doubles after each one...</param>
/// <param name="MaxDelay">...up to this.</param>
public sealed record ContentionPolicy(int Attempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>30 attempts, 5 ms doubling up to 0.5 s: at most about 12 s of waiting in all.</summary>
    public static ContentionPolicy Default { get; } = new(30, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500));

    /// <summary>The pause after the lost attempt number <paramref name="attempt"/> (0-based): the back-off times a random factor in [0.5, 1.5).</summary>
    public TimeSpan Delay(int attempt)
    {
        double backoff = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(backoff * (0.5 + Random.Shared.NextDouble()));
    }

    /// <summary>Waits <see cref="Delay"/> for the lost attempt number <paramref name="attempt"/>.</summary>
    public void Pause(int attempt) => Thread.Sleep(Delay(attempt));
}
