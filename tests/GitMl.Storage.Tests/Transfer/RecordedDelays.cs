namespace GitMl.Storage.Tests.Transfer;

/// <summary>The queue's wait between retries, made instant: it only records how long it was asked to wait.</summary>
internal sealed class RecordedDelays
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _waits = [];

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public Task Delay(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _waits.Add(wait);
        }
        return Task.CompletedTask;
    }
}
