namespace GitMl.Protocol.PktLine;

/// <summary>
/// Constants of git's pkt-line framing (Documentation/gitprotocol-common.txt): every packet starts with four
/// lowercase hex digits giving the packet length including those four bytes. "0000" is a flush packet,
/// "0001" a delimiter and "0002" a response end; "0003" is invalid. A packet is at most 65520 bytes long,
/// so it carries at most 65516 bytes of payload.
/// </summary>
public static class PktLine
{
    public const int HeaderLength = 4;
    public const int MaxPacketLength = 65520;
    public const int MaxPayloadLength = MaxPacketLength - HeaderLength;

    /// <summary>Writes the four lowercase hex digits of <paramref name="packetLength"/> into <paramref name="header"/>.</summary>
    public static void WriteHeader(Span<byte> header, int packetLength)
    {
        const string hex = "0123456789abcdef";
        header[0] = (byte)hex[(packetLength >> 12) & 0xf];
        header[1] = (byte)hex[(packetLength >> 8) & 0xf];
        header[2] = (byte)hex[(packetLength >> 4) & 0xf];
        header[3] = (byte)hex[packetLength & 0xf];
    }
}

/// <summary>What a call to <see cref="PktLineReader.ReadPacket"/> found.</summary>
public enum PacketKind
{
    Data,
    Flush,
    Delimiter,
    ResponseEnd,
    EndOfStream,
}
