using System.Text;

namespace GitMl.Protocol.PktLine;

/// <summary>
/// Reads pkt-line packets from a stream. Malformed headers, oversize packets and an end of stream in the
/// middle of a packet are <see cref="ProtocolException"/>s; an end of stream between packets is reported as
/// <see cref="PacketKind.EndOfStream"/> so the caller decides whether it is legal there.
/// </summary>
public sealed class PktLineReader
{
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[PktLine.HeaderLength];

    // Text lines are read into one buffer for the reader's lifetime: a filter session reads several per file,
    // and a fresh 64 KiB buffer for each would dominate the cost of thousands of small files.
    private readonly byte[] _text = new byte[PktLine.MaxPayloadLength];

    public PktLineReader(Stream stream) => _stream = stream;

    /// <summary>
    /// Reads one packet. For a data packet its payload is copied into <paramref name="buffer"/> (which must hold
    /// <see cref="PktLine.MaxPayloadLength"/> bytes) and its length returned in <paramref name="length"/>.
    /// </summary>
    public PacketKind ReadPacket(Span<byte> buffer, out int length)
    {
        length = 0;
        int got = ReadAtMost(_header);
        if (got == 0)
        {
            return PacketKind.EndOfStream;
        }
        if (got < PktLine.HeaderLength)
        {
            throw new ProtocolException($"end of stream inside a pkt-line header (got {got} of 4 bytes)");
        }

        int packetLength = ParseHeader(_header);
        switch (packetLength)
        {
            case 0: return PacketKind.Flush;
            case 1: return PacketKind.Delimiter;
            case 2: return PacketKind.ResponseEnd;
            case 3: throw new ProtocolException("invalid pkt-line length 0003");
        }
        if (packetLength > PktLine.MaxPacketLength)
        {
            throw new ProtocolException($"pkt-line length {packetLength} exceeds the maximum of {PktLine.MaxPacketLength}");
        }
        if (buffer.Length < PktLine.MaxPayloadLength)
        {
            throw new ArgumentException("buffer must hold a full pkt-line payload", nameof(buffer));
        }

        length = packetLength - PktLine.HeaderLength;
        int read = ReadAtMost(buffer[..length]);
        if (read < length)
        {
            throw new ProtocolException($"end of stream inside a pkt-line payload (got {read} of {length} bytes)");
        }
        return PacketKind.Data;
    }

    /// <summary>
    /// Reads a text packet, without its trailing LF, or null at a flush packet. Any other packet kind, or the end
    /// of the stream, is a protocol error.
    /// </summary>
    public string? ReadTextLine() =>
        TryReadTextLine(out string? line)
            ? line
            : throw new ProtocolException("unexpected end of stream: expected a text packet or flush");

    /// <summary>
    /// Like <see cref="ReadTextLine"/>, but an end of stream before the packet starts is not an error: it returns
    /// false. (Between requests, that is how git says the session is over.)
    /// </summary>
    public bool TryReadTextLine(out string? line)
    {
        var kind = ReadPacket(_text, out int length);
        line = kind switch
        {
            PacketKind.Flush or PacketKind.EndOfStream => null,
            PacketKind.Data => DecodeText(_text.AsSpan(0, length)),
            _ => throw new ProtocolException($"unexpected {kind} packet: expected a text packet or flush"),
        };
        return kind != PacketKind.EndOfStream;
    }

    /// <summary>Reads text packets up to the next flush packet.</summary>
    public List<string> ReadTextLinesUntilFlush()
    {
        var lines = new List<string>();
        while (ReadTextLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static string DecodeText(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 0 && payload[^1] == (byte)'\n')
        {
            payload = payload[..^1];
        }
        return Encoding.UTF8.GetString(payload);
    }

    private static int ParseHeader(ReadOnlySpan<byte> header)
    {
        int value = 0;
        foreach (byte b in header)
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw new ProtocolException($"invalid pkt-line header {Printable(header)}"),
            };
            value = (value << 4) | digit;
        }
        return value;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            sb.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        }
        return sb.Append('"').ToString();
    }

    private int ReadAtMost(Span<byte> target)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n = _stream.Read(target[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
