namespace GitMl.Protocol.Tests;

/// <summary>A read stream that hands out at most <c>chunk</c> bytes per call, as a pipe may.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : ReadOnlyTestStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}

/// <summary>A write stream that records each Write call separately and counts Flush calls.</summary>
internal sealed class RecordingStream : WriteOnlyTestStream
{
    public List<byte[]> Writes { get; } = [];

    public int FlushCount { get; private set; }

    public byte[] AllBytes() => Writes.SelectMany(w => w).ToArray();

    public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());

    public override void Flush() => FlushCount++;
}

/// <summary>
/// An output stream that notes, at every write, how far another stream (the input) has been read. On pipes the
/// order of reads and writes decides whether both sides deadlock; on MemoryStreams only a probe like this shows it.
/// </summary>
internal sealed class OrderProbeStream(Stream input) : WriteOnlyTestStream
{
    private readonly MemoryStream _written = new();

    /// <summary>For each write: the output offset it started at, and the input position at that moment.</summary>
    public List<(long OutputOffset, long InputPosition)> Writes { get; } = [];

    public byte[] ToArray() => _written.ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Writes.Add((_written.Length, input.Position));
        _written.Write(buffer);
    }
}
