namespace GitMl.Storage.Tests.Contract;

/// <summary>Content in memory that remembers whether it was disposed (a store must leave that to its caller).</summary>
internal sealed class DisposalRecordingStream(byte[] content) : MemoryStream(content, writable: false)
{
    public bool IsDisposed { get; private set; }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
