namespace GitMl.Storage.Tests.Transfer;

/// <summary>Counts operations in progress and remembers the most there ever were at once.</summary>
internal sealed class InFlight
{
    private int _now;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    /// <summary>One more in flight until the returned handle is disposed.</summary>
    public IDisposable Enter()
    {
        int now = Interlocked.Increment(ref _now);
        int max;
        while (now > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, max) != max)
        {
        }
        return new Leave(this);
    }

    private sealed class Leave(InFlight counter) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref counter._now);
    }
}
