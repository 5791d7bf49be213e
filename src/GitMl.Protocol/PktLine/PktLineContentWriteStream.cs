namespace GitMl.Protocol.PktLine;

/// <summary>
/// A write-only stream that frames what is written to it as pkt-line data packets, filling each packet to
/// the maximum payload before sending it (one write call per packet). <see cref="Complete"/> sends the
/// partial last packet; it does not write the flush packet that ends the content (the caller owns the
/// conversation).
/// </summary>
public sealed class PktLineContentWriteStream : Stream
{
    private readonly Stream _stream;
    private readonly byte[] _packet;
    private int _filled = PktLine.HeaderLength;

    public PktLineContentWriteStream(Stream stream)
        : this(stream, new byte[PktLine.MaxPacketLength])
    {
    }

    /// <param name="buffer">Where packets are assembled (at least a full packet); may be reused once this stream is done.</param>
    public PktLineContentWriteStream(Stream stream, byte[] buffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, PktLine.MaxPacketLength, nameof(buffer));
        _stream = stream;
        _packet = buffer;
    }

    public long BytesWritten { get; private set; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BytesWritten += buffer.Length;
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(buffer.Length, PktLine.MaxPacketLength - _filled);
            buffer[..n].CopyTo(_packet.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
            if (_filled == PktLine.MaxPacketLength)
            {
                SendPacket();
            }
        }
    }

    /// <summary>Sends any buffered bytes as a final, shorter packet.</summary>
    public void Complete()
    {
        if (_filled > PktLine.HeaderLength)
        {
            SendPacket();
        }
    }

    private void SendPacket()
    {
        PktLine.WriteHeader(_packet, _filled);
        _stream.Write(_packet, 0, _filled);
        _filled = PktLine.HeaderLength;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
