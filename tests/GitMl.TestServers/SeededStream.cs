namespace GitMl.TestServers;

/// <summary>
/// <paramref name="length"/> pseudo-random bytes from a seed, produced as they are read (nothing is held), forward
/// only like a pipe. The same seed and length always give the same bytes, so a test can hash them twice instead
/// of keeping them. <see cref="OnRead"/> lets a test watch the reader's progress (e.g. to sample memory).
/// </summary>
public sealed class SeededStream(long length, ulong seed) : Stream
{
    private ulong _state = seed | 1;
    private long _position;
    private ulong _pending;
    private int _pendingBytes;

    public Action<long>? OnRead { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of the bytes a stream with this length and seed produces.</summary>
    public static byte[] Sha256Of(long length, ulong seed)
    {
        using var stream = new SeededStream(length, seed);
        return System.Security.Cryptography.SHA256.HashData(stream);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            if (_pendingBytes == 0)
            {
                _pending = Next();
                _pendingBytes = 8;
            }

            buffer[i] = (byte)_pending;
            _pending >>= 8;
            _pendingBytes--;
        }

        _position += count;
        OnRead?.Invoke(_position);
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // xorshift64*: fast, and plenty random for test content.
    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }
}
