using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GitMl.Storage.Tests.Contract;

/// <summary>
/// A forward-only stream of <c>length</c> pseudo-random bytes, the same for the same seed, generated as they are
/// read: a test can stream hundreds of megabytes without holding them. Byte i depends only on the seed and i
/// (byte i % 8, little-endian, of SplitMix64 of the 8-byte block it is in), so any read sizes give the same bytes.
/// </summary>
internal sealed class PseudoRandomStream(long length, ulong seed) : Stream
{
    private long _position;

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
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    // Not seekable, like the pipes git-ml streams from: a store must not depend on seeking.
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
