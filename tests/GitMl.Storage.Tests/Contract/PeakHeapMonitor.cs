namespace GitMl.Storage.Tests.Contract;

/// <summary>
/// Samples the live managed heap (after a full collection) every few milliseconds while work runs, to tell
/// streaming from buffering: a store that holds a whole object keeps it alive for the length of the operation,
/// while chunk-sized garbage is collected away. Only meaningful when no other test runs at the same time (the
/// contract suite's collection is not parallelised).
/// </summary>
internal sealed class PeakHeapMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly long _baseline;
    private readonly Task _sampling;
    private long _peak;

    private PeakHeapMonitor()
    {
        _baseline = LiveBytes();
        _peak = _baseline;
        _sampling = Task.Run(SampleAsync);
    }

    public static PeakHeapMonitor Start() => new();

    /// <summary>The largest growth of the live heap over its size at the start, so far.</summary>
    public long PeakGrowth => Interlocked.Read(ref _peak) - _baseline;

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long live = LiveBytes();
            if (live > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, live);
            }
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static long LiveBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
