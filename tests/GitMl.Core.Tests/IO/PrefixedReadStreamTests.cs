using GitMl.Core.IO;
using GitMl.Core.Tests.Objects;

namespace GitMl.Core.Tests.IO;

public class PrefixedReadStreamTests
{
    private static byte[] ReadAll(Stream stream, int bufferSize) => TestStreams.ReadAll(stream, bufferSize);

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 100, 7)]
    [InlineData(100, 0, 7)]
    [InlineData(100, 100, 1)]
    [InlineData(100, 100, 100)]
    [InlineData(1024, 3_000_000, 65536)]
    [InlineData(1024, 3_000_000, 1000)]
    public void Reads_the_prefix_then_the_rest(int prefixLength, int restLength, int bufferSize)
    {
        byte[] all = TestContent.Random(prefixLength + restLength, prefixLength + bufferSize);
        var stream = new PrefixedReadStream(all.AsMemory(0, prefixLength), new ChunkyStream(all[prefixLength..]));

        Assert.Equal(all, ReadAll(stream, bufferSize));
        Assert.Equal(0, stream.Read(new byte[1], 0, 1));
    }

    [Fact]
    public void Never_mixes_prefix_and_rest_in_one_read_and_never_reads_the_rest_early()
    {
        var rest = new ChunkyStream([9, 9, 9]);
        var stream = new PrefixedReadStream(new byte[] { 1, 2, 3 }, rest);
        var buffer = new byte[10];

        Assert.Equal(2, stream.Read(buffer, 0, 2));
        Assert.Equal(1, stream.Read(buffer, 0, 10));
        Assert.Equal(3, buffer[0]);
        Assert.Equal(0, rest.ReadCalls);
        Assert.Equal(3, stream.Read(buffer, 0, 10));
        Assert.Equal([9, 9, 9], buffer[..3]);
    }

    [Fact]
    public void Is_a_forward_only_read_stream()
    {
        var stream = new PrefixedReadStream(new byte[] { 1 }, new MemoryStream());

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }
}
