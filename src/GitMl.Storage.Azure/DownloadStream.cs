namespace GitMl.Storage.Azure;

/// <summary>
/// An object's bytes as the HTTP response delivers them, held to the store's contract: a network failure while
/// reading becomes a transient <see cref="StorageException"/>, and a body that ends before its Content-Length is
/// one too (a connection closed early must not look like a short object). Disposing it releases the response.
/// </summary>
/// <remarks>The same class lives in GitMl.Storage.S3: adapters depend on GitMl.Storage only, not on each other.</remarks>
internal sealed class DownloadStream(Stream body, long? length, IDisposable response, Func<Exception, StorageException?> map) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length ?? throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = body.Read(buffer);
        }
        catch (Exception e) when (map(e) is { } mapped)
        {
            throw mapped;
        }

        return Count(read, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && map(e) is { } mapped)
        {
            throw mapped;
        }

        return Count(read, buffer.Length);
    }

    private int Count(int read, int requested)
    {
        _position += read;
        if (read == 0 && requested > 0 && length is { } expected && _position < expected)
        {
            var truncated = new IOException($"the response ended after {_position} of {expected} bytes");
            throw (Exception?)map(truncated) ?? truncated;
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
