using System.Text;

namespace GitMl.Protocol.PktLine;

/// <summary>
/// Writes pkt-line packets. Text lines get the trailing LF git expects; data is split into packets of at most
/// <see cref="PktLine.MaxPayloadLength"/> bytes. Nothing is flushed to the underlying stream until
/// <see cref="Flush"/> (a flush packet followed by a stream flush) or <see cref="FlushStream"/>.
/// </summary>
public sealed class PktLineWriter
{
    private static readonly byte[] FlushPacket = "0000"u8.ToArray();
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[PktLine.HeaderLength];

    public PktLineWriter(Stream stream) => _stream = stream;

    public void WriteText(string line)
    {
        byte[] payload = Encoding.UTF8.GetBytes(line + "\n");
        if (payload.Length > PktLine.MaxPayloadLength)
        {
            throw new ArgumentException($"text line of {payload.Length} bytes does not fit in one pkt-line", nameof(line));
        }
        WritePacket(payload);
    }

    /// <summary>Writes <paramref name="data"/> as as many data packets as it needs (none for empty data).</summary>
    public void WriteData(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, PktLine.MaxPayloadLength);
            WritePacket(data[..n]);
            data = data[n..];
        }
    }

    /// <summary>Writes a flush packet and flushes the underlying stream, so the peer sees everything so far.</summary>
    public void Flush()
    {
        WriteFlushPacket();
        _stream.Flush();
    }

    /// <summary>Writes a flush packet without flushing the underlying stream: for a flush packet in the middle of a
    /// message the peer reads to its end anyway (a filter's status before its content), so the whole message can go
    /// out in one write.</summary>
    public void WriteFlushPacket() => _stream.Write(FlushPacket);

    public void FlushStream() => _stream.Flush();

    private void WritePacket(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            // An empty data packet ("0004") is legal but git never needs one; skipping it keeps streams canonical.
            return;
        }
        PktLine.WriteHeader(_header, payload.Length + PktLine.HeaderLength);
        _stream.Write(_header);
        _stream.Write(payload);
    }
}
