namespace GitMl.Storage.Tests.Transfer;

/// <summary>An <see cref="ITransferProgress"/> that adds up what it is told (from any thread).</summary>
internal sealed class RecordingProgress : ITransferProgress
{
    private readonly object _gate = new();
    private readonly List<(int Objects, long Bytes)> _begins = [];
    private long _advanced;
    private int _done;
    private int _finished;

    public IReadOnlyList<(int Objects, long Bytes)> Begins
    {
        get
        {
            lock (_gate)
            {
                return [.. _begins];
            }
        }
    }

    public long Advanced => Interlocked.Read(ref _advanced);

    public int ObjectsDone => Volatile.Read(ref _done);

    public int Finished => Volatile.Read(ref _finished);

    public void Begin(int objects, long bytes)
    {
        lock (_gate)
        {
            _begins.Add((objects, bytes));
        }
    }

    public void Advance(long bytes) => Interlocked.Add(ref _advanced, bytes);

    public void ObjectDone() => Interlocked.Increment(ref _done);

    public void Finish() => Interlocked.Increment(ref _finished);
}
