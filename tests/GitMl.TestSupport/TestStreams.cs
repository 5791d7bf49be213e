namespace GitMl.TestSupport;

/// <summary>
/// A read-only, non-seekable stream, as a pipe is: subclasses say only how to read. Everything else is refused as a
/// pipe refuses it (Length, Position, Seek, Write throw NotSupportedException).
/// </summary>
public abstract class ReadOnlyTestStream : Stream
{
    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

/// <summary>A write-only, non-seekable stream: subclasses say only what a write does (and a flush, if anything).</summary>
public abstract class WriteOnlyTestStream : Stream
{
    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() { }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

public static class TestStreams
{
    /// <summary>Reads a stream to its end through a buffer of <paramref name="bufferSize"/> bytes (so reads are cut where a caller's would be).</summary>
    public static byte[] ReadAll(Stream stream, int bufferSize)
    {
        var result = new MemoryStream();
        var buffer = new byte[bufferSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            result.Write(buffer, 0, n);
        }
        return result.ToArray();
    }
}
