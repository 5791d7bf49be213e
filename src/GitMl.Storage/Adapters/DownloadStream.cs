namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends: an object's bytes as an HTTP response delivers them, held to the
/// <see cref="IBlobStore.GetAsync"/> contract. A failure while reading becomes the <see cref="StorageException"/>
/// the backend's <c>map</c> makes of it (transient for a network failure), and a body that ends before its
/// Content-Length is a failure too: a connection closed early must not look like a short object. Disposing the
/// stream releases the response.
/// </summary>
/// <param name="body">The response body as the SDK hands it out.</param>
/// <param name="length">The response's Content-Length, when it has one.</param>
/// <param name="response">What to dispose with the body (the SDK's response object).</param>
/// <param name="map">The backend's error mapping for reading this key: null for an exception it does not map (a bug),
/// which then passes unchanged.</param>
public sealed class DownloadStream(Stream body, long? length, IDisposable response, Func<Exception, StorageException?> map) : Stream
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

    /// <summary>
    /// Releases the body and the response, and never throws a storage failure. An SDK may check the body when it is
    /// disposed (AWSSDK.S3 compares a single-part object's MD5 with its ETag then, if the reader stopped before the
    /// end): thrown from a dispose, that error would replace the one the reader is already handling, such as the
    /// <see cref="IntegrityException"/> of the transfer queue's own SHA-256 check. A reader that reads to the end
    /// meets such an SDK check as an error of that read instead.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                body.Dispose();
            }
            catch (Exception e) when (map(e) is not null)
            {
                // What the reader read has been verified or rejected by then; see the summary.
            }
            finally
            {
                response.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
