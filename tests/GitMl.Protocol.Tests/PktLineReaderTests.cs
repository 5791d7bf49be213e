using System.Text;
using GitMl.Protocol.PktLine;

namespace GitMl.Protocol.Tests;

public class PktLineReaderTests
{
    private static PktLineReader ReaderOver(byte[] bytes) => new(new MemoryStream(bytes));

    private static PktLineReader ReaderOver(string ascii) => ReaderOver(Encoding.ASCII.GetBytes(ascii));

    private static byte[] NewBuffer() => new byte[PktLine.PktLine.MaxPayloadLength];

    [Fact]
    public void Reads_a_data_packet_and_returns_its_payload()
    {
        var reader = ReaderOver("0009hello");
        var buffer = NewBuffer();

        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out int length));
        Assert.Equal(5, length);
        Assert.Equal("hello"u8.ToArray(), buffer[..length]);
        Assert.Equal(PacketKind.EndOfStream, reader.ReadPacket(buffer, out length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Accepts_the_maximum_payload_of_65516_bytes()
    {
        var payload = new byte[65516];
        new Random(1).NextBytes(payload);
        var reader = ReaderOver(new Transcript().Packet(payload).ToArray());
        var buffer = NewBuffer();

        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out int length));
        Assert.Equal(65516, length);
        Assert.Equal(payload, buffer);
        Assert.Equal(PacketKind.EndOfStream, reader.ReadPacket(buffer, out _));
    }

    [Theory]
    [InlineData("fff1")] // 65521: one byte over the maximum packet length
    [InlineData("fff2")]
    [InlineData("ffff")]
    public void Rejects_a_header_above_65520(string header)
    {
        // 65517 bytes of payload follow, so the reader cannot pass just because the data runs out.
        var bytes = new Transcript().Raw(header).Raw(new byte[65535]).ToArray();
        var reader = ReaderOver(bytes);

        var e = Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
        Assert.Contains("exceeds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_0003()
    {
        var reader = ReaderOver("0003abcd");

        var e = Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
        Assert.Contains("0003", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000", PacketKind.Flush)]
    [InlineData("0001", PacketKind.Delimiter)]
    [InlineData("0002", PacketKind.ResponseEnd)]
    public void Recognises_the_special_packets(string header, PacketKind expected)
    {
        // Each special packet is exactly four bytes: the data packet after it must still be read intact.
        var reader = ReaderOver(header + "0006ok");
        var buffer = NewBuffer();

        Assert.Equal(expected, reader.ReadPacket(buffer, out int length));
        Assert.Equal(0, length);
        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out length));
        Assert.Equal("ok"u8.ToArray(), buffer[..length]);
    }

    [Fact]
    public void Reads_an_empty_data_packet_0004()
    {
        var reader = ReaderOver("00040000");
        var buffer = NewBuffer();

        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out int length));
        Assert.Equal(0, length);
        Assert.Equal(PacketKind.Flush, reader.ReadPacket(buffer, out _));
    }

    [Fact]
    public void Accepts_uppercase_hex_in_headers_as_git_does()
    {
        var reader = ReaderOver("000Aabcdef");
        var buffer = NewBuffer();

        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out int length));
        Assert.Equal("abcdef"u8.ToArray(), buffer[..length]);
    }

    [Theory]
    [InlineData("zzzz")]
    [InlineData("000g")]
    [InlineData("00x9")]
    [InlineData(" 009")]
    [InlineData("-001")]
    [InlineData("+009")]
    [InlineData("0 09")]
    public void Rejects_a_header_that_is_not_four_hex_digits(string header)
    {
        var reader = ReaderOver(header + "hello");

        var e = Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
        Assert.Contains("invalid pkt-line header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_unprintable_header_bytes_in_the_error()
    {
        var reader = ReaderOver(new byte[] { (byte)'0', 0x00, 0xff, (byte)'1' });

        var e = Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
        Assert.Contains("\"0\\x00\\xff1\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("000")]
    public void End_of_stream_inside_a_header_is_a_protocol_error(string partial)
    {
        var reader = ReaderOver(partial);

        var e = Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
        Assert.Contains("header", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0009")]
    [InlineData("0009h")]
    [InlineData("0009hell")]
    public void End_of_stream_inside_a_payload_is_a_protocol_error(string partial)
    {
        var reader = ReaderOver(partial);

        var e = Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
        Assert.Contains("payload", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void End_of_stream_inside_a_maximum_size_payload_is_a_protocol_error()
    {
        var bytes = new Transcript().Packet(new byte[65516]).ToArray();
        var reader = ReaderOver(bytes[..^1]);

        Assert.Throws<ProtocolException>(() => reader.ReadPacket(NewBuffer(), out _));
    }

    [Fact]
    public void End_of_stream_between_packets_is_reported_not_thrown()
    {
        var reader = ReaderOver("0000");
        var buffer = NewBuffer();

        Assert.Equal(PacketKind.Flush, reader.ReadPacket(buffer, out _));
        Assert.Equal(PacketKind.EndOfStream, reader.ReadPacket(buffer, out _));
        Assert.Equal(PacketKind.EndOfStream, reader.ReadPacket(buffer, out _));
    }

    [Fact]
    public void Reassembles_packets_from_a_stream_that_returns_one_byte_at_a_time()
    {
        var payload = new byte[70000];
        new Random(7).NextBytes(payload);
        var bytes = new Transcript().Text("hello").Content(payload).Flush().ToArray();
        var reader = new PktLineReader(new TrickleStream(bytes, 1));
        var buffer = NewBuffer();

        Assert.Equal("hello", reader.ReadTextLine());
        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out int first));
        Assert.Equal(payload[..65516], buffer[..first]);
        Assert.Equal(PacketKind.Data, reader.ReadPacket(buffer, out int second));
        Assert.Equal(payload[65516..], buffer[..second]);
        Assert.Equal(PacketKind.Flush, reader.ReadPacket(buffer, out _));
        Assert.Equal(PacketKind.EndOfStream, reader.ReadPacket(buffer, out _));
    }

    [Fact]
    public void Rejects_a_buffer_too_small_for_a_full_payload()
    {
        var reader = ReaderOver("0009hello");

        Assert.Throws<ArgumentException>(() => reader.ReadPacket(new byte[100], out _));
    }

    [Fact]
    public void ReadTextLine_strips_exactly_one_trailing_newline()
    {
        var reader = ReaderOver(new Transcript().Text("a=b").Packet("no-newline"u8).Packet("two\n\n"u8).Text("").ToArray());

        Assert.Equal("a=b", reader.ReadTextLine());
        Assert.Equal("no-newline", reader.ReadTextLine());
        Assert.Equal("two\n", reader.ReadTextLine());
        Assert.Equal("", reader.ReadTextLine());
    }

    [Fact]
    public void ReadTextLine_decodes_utf8()
    {
        var reader = ReaderOver(new Transcript().Text("pathname=données/modèle.bin").ToArray());

        Assert.Equal("pathname=données/modèle.bin", reader.ReadTextLine());
    }

    [Fact]
    public void ReadTextLine_returns_null_at_a_flush()
    {
        var reader = ReaderOver("0000");

        Assert.Null(reader.ReadTextLine());
    }

    [Theory]
    [InlineData("0001")]
    [InlineData("0002")]
    public void ReadTextLine_rejects_delimiter_and_response_end(string packet)
    {
        var reader = ReaderOver(packet);

        Assert.Throws<ProtocolException>(() => reader.ReadTextLine());
    }

    [Fact]
    public void ReadTextLine_at_end_of_stream_is_a_protocol_error()
    {
        var reader = ReaderOver("");

        Assert.Throws<ProtocolException>(() => reader.ReadTextLine());
    }

    [Fact]
    public void ReadTextLinesUntilFlush_reads_the_lines_and_consumes_the_flush()
    {
        var reader = ReaderOver(new Transcript().Text("one").Text("two").Flush().Text("after").ToArray());

        Assert.Equal(["one", "two"], reader.ReadTextLinesUntilFlush());
        Assert.Equal("after", reader.ReadTextLine());
    }

    [Fact]
    public void ReadTextLinesUntilFlush_returns_nothing_for_a_bare_flush()
    {
        var reader = ReaderOver("0000");

        Assert.Empty(reader.ReadTextLinesUntilFlush());
    }

    [Fact]
    public void ReadTextLinesUntilFlush_without_a_flush_is_a_protocol_error()
    {
        var reader = ReaderOver(new Transcript().Text("one").Text("two").ToArray());

        Assert.Throws<ProtocolException>(() => reader.ReadTextLinesUntilFlush());
    }
}
