namespace GitMl.Storage.IO;

/// <summary>
/// A forward-only read stream over another that shows every chunk read to <see cref="OnChunk"/> and the end of
/// the content to <see cref="OnEnd"/> before the caller gets them; either hook may throw to fail the read.
/// Disposing it disposes the inner stream unless <paramref name="leaveOpen"/>.
/// </summary>
internal abstract class ObservedReadStream(Stream inner, bool leaveOpen = false) : Stream
{
    /// <summary>Called with each non-empty chunk, before the read that produced it returns.</summary>
    protected abstract void OnChunk(ReadOnlySpan<byte> chunk);

    /// <summary>Called when a read finds the end of the content (every time one does), before it returns 0.</summary>
    protected abstract void OnEnd();

    public override int Read(Span<byte> buffer) => Observe(buffer[..inner.Read(buffer)], buffer.Length);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..n], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Observe(ReadOnlySpan<byte> chunk, int requested)
    {
        if (chunk.Length > 0)
        {
            OnChunk(chunk);
        }
        else if (requested > 0)
        {
            OnEnd();
        }
        return chunk.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
