namespace GitMl.Storage.Transfer;

/// <summary>Progress nobody watches.</summary>
internal sealed class NullTransferProgress : ITransferProgress
{
    public static NullTransferProgress Instance { get; } = new();

    public void Begin(int objects, long bytes) { }

    public void Advance(long bytes) { }

    public void ObjectDone() { }

    public void Finish() { }
}
