using System.Text;
using GitMl.Protocol.PktLine;

namespace GitMl.Protocol.Tests;

public class PktLineWriterTests
{
    [Fact]
    public void WriteHeader_writes_four_lowercase_hex_digits()
    {
        var header = new byte[4];

        PktLine.PktLine.WriteHeader(header, 0xabcd);
        Assert.Equal("abcd", Encoding.ASCII.GetString(header));
        PktLine.PktLine.WriteHeader(header, 65520);
        Assert.Equal("fff0", Encoding.ASCII.GetString(header));
        PktLine.PktLine.WriteHeader(header, 4);
        Assert.Equal("0004", Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void Limits_match_gits()
    {
        Assert.Equal(4, PktLine.PktLine.HeaderLength);
        Assert.Equal(65520, PktLine.PktLine.MaxPacketLength);
        Assert.Equal(65516, PktLine.PktLine.MaxPayloadLength);
    }

    [Fact]
    public void WriteText_appends_a_newline_and_frames_it()
    {
        var output = new MemoryStream();
        var writer = new PktLineWriter(output);

        writer.WriteText("hello");
        writer.WriteText("");

        Assert.Equal("000ahello\n0005\n", Encoding.ASCII.GetString(output.ToArray()));
    }

    [Fact]
    public void WriteText_counts_utf8_bytes_in_the_header()
    {
        var output = new MemoryStream();
        new PktLineWriter(output).WriteText("é");

        Assert.Equal(new Transcript().Text("é").ToArray(), output.ToArray());
        Assert.Equal("0007", Encoding.ASCII.GetString(output.ToArray(), 0, 4));
    }

    [Fact]
    public void WriteText_uses_lowercase_hex()
    {
        var output = new MemoryStream();
        new PktLineWriter(output).WriteText(new string('x', 0xab - 5));

        Assert.Equal("00ab", Encoding.ASCII.GetString(output.ToArray(), 0, 4));
        Assert.Equal(0xab, output.Length);
    }

    [Fact]
    public void WriteText_accepts_the_longest_line_that_fits_and_rejects_one_byte_more()
    {
        var output = new MemoryStream();
        var writer = new PktLineWriter(output);

        writer.WriteText(new string('x', 65515));
        Assert.Equal(65520, output.Length);
        Assert.Equal("fff0", Encoding.ASCII.GetString(output.ToArray(), 0, 4));

        Assert.Throws<ArgumentException>(() => writer.WriteText(new string('x', 65516)));
        Assert.Equal(65520, output.Length);
    }

    [Fact]
    public void WriteData_writes_nothing_for_empty_data()
    {
        var output = new MemoryStream();
        new PktLineWriter(output).WriteData([]);

        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void WriteData_sends_65516_bytes_as_one_packet()
    {
        var data = RandomBytes(65516);
        var output = new MemoryStream();
        new PktLineWriter(output).WriteData(data);

        Assert.Equal(new Transcript().Packet(data).ToArray(), output.ToArray());
    }

    [Fact]
    public void WriteData_splits_65517_bytes_into_a_full_packet_and_a_one_byte_packet()
    {
        var data = RandomBytes(65517);
        var output = new MemoryStream();
        new PktLineWriter(output).WriteData(data);

        var expected = new Transcript().Packet(data.AsSpan(0, 65516)).Packet(data.AsSpan(65516)).ToArray();
        Assert.Equal(expected, output.ToArray());
        Assert.Equal("0005", Encoding.ASCII.GetString(output.ToArray(), 65520, 4));
    }

    [Fact]
    public void Nothing_is_flushed_until_Flush_which_writes_a_flush_packet()
    {
        var output = new RecordingStream();
        var writer = new PktLineWriter(output);

        writer.WriteText("a");
        writer.WriteData(RandomBytes(100));
        Assert.Equal(0, output.FlushCount);

        writer.Flush();
        Assert.Equal(1, output.FlushCount);
        Assert.EndsWith("0000", Encoding.Latin1.GetString(output.AllBytes()), StringComparison.Ordinal);

        writer.FlushStream();
        Assert.Equal(2, output.FlushCount);
        Assert.EndsWith("0000", Encoding.Latin1.GetString(output.AllBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var data = RandomBytes(200_000);
        var output = new MemoryStream();
        var writer = new PktLineWriter(output);
        writer.WriteText("key=value");
        writer.Flush();
        writer.WriteData(data);
        writer.Flush();

        var reader = new PktLineReader(new MemoryStream(output.ToArray()));
        Assert.Equal(["key=value"], reader.ReadTextLinesUntilFlush());
        var read = new MemoryStream();
        new PktLineContentReadStream(reader).CopyTo(read);
        Assert.Equal(data, read.ToArray());
    }

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(n).NextBytes(bytes);
        return bytes;
    }
}
