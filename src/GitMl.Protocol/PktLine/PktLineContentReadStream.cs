namespace GitMl.Protocol.PktLine;

/// <summary>
/// A read-only stream over the data packets of one pkt-line content section: it returns their payload bytes
/// and reports end of stream at the flush packet that ends the section. An end of the underlying stream before
/// that flush, or any other packet kind, is a <see cref="ProtocolException"/>: content must never be cut short
/// silently. For the same reason, reading after <see cref="Drain"/> threw content away is an
/// <see cref="InvalidOperationException"/> rather than an end of stream.
/// </summary>
public sealed class PktLineContentReadStream : Stream
{
    private readonly PktLineReader _reader;
    private readonly byte[] _packet;
    private int _offset;
    private int _length;
    private bool _finished;
    private bool _discarded;

    public PktLineContentReadStream(PktLineReader reader)
        : this(reader, new byte[PktLine.MaxPayloadLength])
    {
    }

    /// <param name="buffer">Where packets are read to (at least a full payload); may be reused once this stream is done.</param>
    public PktLineContentReadStream(PktLineReader reader, byte[] buffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, PktLine.MaxPayloadLength, nameof(buffer));
        _reader = reader;
        _packet = buffer;
    }

    /// <summary>True once the flush packet ending the content has been read.</summary>
    public bool IsFinished => _finished;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        if (_discarded)
        {
            // A reader that saw 0 here would take the rest of the content for its end and pass on a truncated copy.
            throw new InvalidOperationException(
                "the rest of this content was discarded before it was read (the reply had already started); read all input before writing output");
        }
        while (_offset == _length)
        {
            if (_finished || !FetchPacket())
            {
                return 0;
            }
        }
        int n = Math.Min(buffer.Length, _length - _offset);
        _packet.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    /// <summary>
    /// Reads and discards whatever content is left, up to and including the closing flush packet. When that threw
    /// away any bytes, later reads throw instead of reporting an end the content did not have.
    /// </summary>
    public void Drain()
    {
        _discarded |= _offset < _length;
        _offset = _length;
        while (!_finished)
        {
            if (FetchPacket())
            {
                _discarded |= _length > 0;
                _offset = _length;
            }
        }
    }

    private bool FetchPacket()
    {
        var kind = _reader.ReadPacket(_packet, out int length);
        switch (kind)
        {
            case PacketKind.Data:
                _offset = 0;
                _length = length;
                return true;
            case PacketKind.Flush:
                _finished = true;
                _offset = _length = 0;
                return false;
            case PacketKind.EndOfStream:
                throw new ProtocolException("end of stream before the flush packet that ends the content");
            default:
                throw new ProtocolException($"unexpected {kind} packet inside content");
        }
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
