namespace GitMl.Storage.Tests.Contract;

/// <summary>
/// Content that stops halfway: it yields the first half of <c>inner</c>'s <c>length</c> bytes, tells
/// <see cref="ReachedHalfway"/>, and then either waits for <see cref="Release"/> before yielding the rest (a slow
/// writer caught mid-put) or, when made with <c>failAtHalf</c>, throws (a writer that dies mid-put).
/// </summary>
internal sealed class HalfwayStream(Stream inner, long length, bool failAtHalf = false) : Stream
{
    private readonly TaskCompletionSource _halfway = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _gate = new(0);
    private readonly long _half = length / 2;
    private long _position;

    /// <summary>Completes when a reader has taken the first half and asked for more.</summary>
    public Task ReachedHalfway => _halfway.Task;

    public void Release() => _gate.Release();

    public override int Read(Span<byte> buffer)
    {
        if (_position == _half)
        {
            Stop();
            _gate.Wait();
        }
        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == _half)
        {
            Stop();
            await _gate.WaitAsync(cancellationToken);
        }
        return Take(buffer.Span);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Stop()
    {
        _halfway.TrySetResult();
        if (failAtHalf)
        {
            throw new IOException("simulated failure: the writer died halfway through its content");
        }
    }

    private int Take(Span<byte> buffer)
    {
        long limit = _position < _half ? _half : length;
        int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, limit - _position)]);
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _gate.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
