using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GitMl.TestServers;

/// <summary>
/// <paramref name="length"/> pseudo-random bytes from a seed, generated as they are read (nothing is held), so a
/// test can stream hundreds of megabytes. The same seed and length always give the same bytes, whatever the read
/// sizes, so a test can hash them twice instead of keeping them: byte i depends only on the seed and i (byte i % 8,
/// little-endian, of SplitMix64 of the 8-byte block it is in). Forward only and of unknown length, like the pipes
/// git-ml streams from: code under test must not depend on seeking or on <see cref="Stream.Length"/>.
/// <see cref="OnRead"/> lets a test watch the reader's progress (e.g. to sample memory).
/// </summary>
public sealed class SeededStream(long length, ulong seed) : Stream
{
    private long _position;

    /// <summary>Told the total bytes read so far after every read.</summary>
    public Action<long>? OnRead { get; init; }

    /// <summary>The SHA-256 of the bytes a stream with this length and seed produces.</summary>
    public static byte[] Sha256Of(long length, ulong seed)
    {
        using var stream = new SeededStream(length, seed);
        return System.Security.Cryptography.SHA256.HashData(stream);
    }

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - _position);
        int done = 0;
        while (done < count)
        {
            long block = _position >> 3;
            int offset = (int)(_position & 7);
            if (offset == 0 && count - done >= 8)
            {
                // Whole blocks at once: the fast path for large reads.
                var blocks = MemoryMarshal.Cast<byte, ulong>(buffer.Slice(done, count - done));
                for (int i = 0; i < blocks.Length; i++)
                {
                    ulong value = Mix(seed + (ulong)(block + i));
                    blocks[i] = BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
                }

                done += blocks.Length * 8;
                _position += blocks.Length * 8;
            }
            else
            {
                buffer[done++] = (byte)(Mix(seed + (ulong)block) >> (8 * offset));
                _position++;
            }
        }

        OnRead?.Invoke(_position);
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    // SplitMix64's output function.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
