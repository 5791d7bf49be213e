using System.Text;
using GitMl.Protocol.PktLine;

namespace GitMl.Protocol.Tests;

public class PktLineContentReadStreamTests
{
    private static (PktLineReader Reader, PktLineContentReadStream Content) Over(byte[] bytes)
    {
        var reader = new PktLineReader(new MemoryStream(bytes));
        return (reader, new PktLineContentReadStream(reader));
    }

    private static byte[] ReadAll(Stream stream, int bufferSize) => TestStreams.ReadAll(stream, bufferSize);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65516)]
    [InlineData(1 << 20)]
    public void Returns_the_payloads_of_all_packets_up_to_the_flush(int bufferSize)
    {
        var data = new byte[150_000];
        new Random(3).NextBytes(data);
        var (_, content) = Over(new Transcript().Content(data, packetPayload: 1000).Flush().ToArray());

        Assert.Equal(data, ReadAll(content, bufferSize));
        Assert.True(content.IsFinished);
    }

    [Fact]
    public void Empty_content_is_just_a_flush()
    {
        var (_, content) = Over(new Transcript().Flush().ToArray());

        Assert.Equal(0, content.Read(new byte[10], 0, 10));
        Assert.True(content.IsFinished);
    }

    [Fact]
    public void Skips_empty_data_packets()
    {
        var (_, content) = Over(new Transcript().Raw("0004").Text("ab").Raw("0004").Flush().ToArray());

        Assert.Equal("ab\n"u8.ToArray(), ReadAll(content, 100));
    }

    [Fact]
    public void Stops_at_the_flush_and_leaves_what_follows_for_the_reader()
    {
        var (reader, content) = Over(new Transcript().Text("body").Flush().Text("next").ToArray());

        Assert.Equal("body\n"u8.ToArray(), ReadAll(content, 100));
        Assert.Equal(0, content.Read(new byte[10], 0, 10));
        Assert.Equal(0, content.Read(new byte[10], 0, 10));
        Assert.Equal("next", reader.ReadTextLine());
    }

    [Fact]
    public void An_empty_read_consumes_nothing()
    {
        var (reader, content) = Over(new Transcript().Flush().Text("next").ToArray());

        Assert.Equal(0, content.Read(Span<byte>.Empty));
        Assert.False(content.IsFinished);
        content.Drain();
        Assert.Equal("next", reader.ReadTextLine());
    }

    [Fact]
    public void End_of_stream_before_the_flush_is_a_protocol_error()
    {
        var (_, content) = Over(new Transcript().Text("partial").ToArray());
        var buffer = new byte[100];

        Assert.Equal(8, content.Read(buffer, 0, 100));
        Assert.Throws<ProtocolException>(() => content.Read(buffer, 0, 100));
    }

    [Fact]
    public void End_of_stream_inside_a_packet_is_a_protocol_error()
    {
        var (_, content) = Over(new Transcript().Text("whole").Raw("0010abc").ToArray());

        Assert.Throws<ProtocolException>(() => ReadAll(content, 100));
    }

    [Theory]
    [InlineData("0001")]
    [InlineData("0002")]
    public void Other_packet_kinds_inside_content_are_protocol_errors(string packet)
    {
        var (_, content) = Over(new Transcript().Text("a").Raw(packet).Flush().ToArray());

        Assert.Throws<ProtocolException>(() => ReadAll(content, 100));
    }

    [Fact]
    public void Drain_discards_the_rest_including_the_flush()
    {
        var (reader, content) = Over(new Transcript().Content(new byte[200_000]).Flush().Text("next").ToArray());

        Assert.Equal(10, content.Read(new byte[10], 0, 10));
        content.Drain();

        Assert.True(content.IsFinished);
        Assert.Equal("next", reader.ReadTextLine());
    }

    [Fact]
    public void Reading_after_a_drain_that_discarded_content_throws_instead_of_reporting_the_end()
    {
        var (_, content) = Over(new Transcript().Text("abc").Text("def").Flush().ToArray());
        var buffer = new byte[2];

        Assert.Equal(2, content.Read(buffer, 0, 2));
        content.Drain();

        Assert.Throws<InvalidOperationException>(() => content.Read(buffer, 0, 2));
    }

    [Fact]
    public void Reading_after_a_drain_of_unread_packets_throws()
    {
        var (_, content) = Over(new Transcript().Text("abc").Flush().ToArray());

        content.Drain();

        Assert.Throws<InvalidOperationException>(() => content.Read(new byte[10], 0, 10));
    }

    [Fact]
    public void Reading_after_a_drain_that_discarded_nothing_reports_the_end()
    {
        var (_, empty) = Over(new Transcript().Raw("0004").Flush().ToArray());
        empty.Drain();
        Assert.Equal(0, empty.Read(new byte[10], 0, 10));

        var (_, consumed) = Over(new Transcript().Text("abc").Flush().ToArray());
        Assert.Equal(4, consumed.Read(new byte[10], 0, 10));
        consumed.Drain();
        Assert.Equal(0, consumed.Read(new byte[10], 0, 10));
    }

    [Fact]
    public void Drain_after_the_end_consumes_nothing_more()
    {
        var (reader, content) = Over(new Transcript().Text("a").Flush().Text("next").ToArray());

        ReadAll(content, 100);
        content.Drain();
        content.Drain();

        Assert.Equal("next", reader.ReadTextLine());
    }

    [Fact]
    public void Drain_of_truncated_content_is_a_protocol_error()
    {
        var (_, content) = Over(new Transcript().Text("a").Text("b").ToArray());

        Assert.Throws<ProtocolException>(content.Drain);
    }

    [Fact]
    public void Is_read_only_and_not_seekable()
    {
        var (_, content) = Over(new Transcript().Flush().ToArray());

        Assert.True(content.CanRead);
        Assert.False(content.CanWrite);
        Assert.False(content.CanSeek);
        Assert.Throws<NotSupportedException>(() => content.Length);
        Assert.Throws<NotSupportedException>(() => content.Write(new byte[1], 0, 1));
    }
}

public class PktLineContentWriteStreamTests
{
    [Fact]
    public void Buffers_until_a_packet_is_full_then_sends_it_in_one_write()
    {
        var output = new RecordingStream();
        var content = new PktLineContentWriteStream(output);

        content.Write(new byte[65515]);
        Assert.Empty(output.Writes);

        content.Write(new byte[1]);
        var packet = Assert.Single(output.Writes);
        Assert.Equal(65520, packet.Length);
        Assert.Equal("fff0", Encoding.ASCII.GetString(packet, 0, 4));
    }

    [Fact]
    public void Complete_sends_the_partial_last_packet()
    {
        var output = new RecordingStream();
        var content = new PktLineContentWriteStream(output);

        content.Write("hello"u8);
        Assert.Empty(output.Writes);
        content.Complete();

        Assert.Equal("0009hello"u8.ToArray(), Assert.Single(output.Writes));
        Assert.Equal(5, content.BytesWritten);
    }

    [Fact]
    public void Complete_with_nothing_buffered_writes_nothing_and_no_flush_packet()
    {
        var output = new RecordingStream();
        var content = new PktLineContentWriteStream(output);

        content.Complete();
        content.Write(new byte[65516]);
        content.Complete();

        Assert.Single(output.Writes);
        Assert.Equal(65520, output.AllBytes().Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65516)]
    [InlineData(65517)]
    [InlineData(2 * 65516)]
    [InlineData(2 * 65516 + 1)]
    [InlineData(1_000_003)]
    public void Frames_any_amount_into_maximal_packets_and_one_short_last_packet(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var output = new RecordingStream();
        var content = new PktLineContentWriteStream(output);

        // Write in awkward slices, so packet boundaries never line up with write calls.
        for (int at = 0; at < size; at += 4099)
        {
            content.Write(data, at, Math.Min(4099, size - at));
        }
        content.Complete();

        Assert.Equal(new Transcript().Content(data).ToArray(), output.AllBytes());
        Assert.Equal((size + 65515) / 65516, output.Writes.Count);
        Assert.All(output.Writes, w => Assert.InRange(w.Length, 5, 65520));
        Assert.Equal(size, content.BytesWritten);
    }

    [Fact]
    public void Is_write_only()
    {
        var content = new PktLineContentWriteStream(new MemoryStream());

        Assert.True(content.CanWrite);
        Assert.False(content.CanRead);
        Assert.False(content.CanSeek);
        Assert.Throws<NotSupportedException>(() => content.Read(new byte[1], 0, 1));
    }
}
