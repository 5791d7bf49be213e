using GitMl.Core.IO;
using GitMl.Core.Tests.Objects;
using GitMl.Protocol.PktLine;

namespace GitMl.Core.Tests.IO;

public sealed class ContentSpoolTests : IDisposable
{
    private const int Limit = ContentSpool.MemoryLimit;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SpoolDirectory => _dir.Combine("spool");

    private string[] SpoolFiles => Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory) : [];

    private static byte[] ReadAll(Stream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void The_limit_is_8_MiB()
    {
        Assert.Equal(8 << 20, Limit);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1024, 0)]
    [InlineData(0, 1000)]
    [InlineData(1024, 5_000_000)]
    [InlineData(1024, (8 << 20) - 1024)]
    public void Up_to_the_limit_content_stays_in_memory(int headLength, int restLength)
    {
        byte[] all = TestContent.Random(headLength + restLength, restLength + 1);

        using var spooled = ContentSpool.Spool(all.AsSpan(0, headLength), new ChunkyStream(all[headLength..]), SpoolDirectory);

        Assert.IsType<MemoryStream>(spooled);
        Assert.Equal(0, spooled.Position);
        Assert.Equal(all.Length, spooled.Length);
        Assert.Equal(all, ReadAll(spooled));
        Assert.False(Directory.Exists(SpoolDirectory));
    }

    [Theory]
    [InlineData(1024, (8 << 20) - 1023)]
    [InlineData(0, (8 << 20) + 1)]
    [InlineData(1024, 12 << 20)]
    public void Above_the_limit_content_goes_to_a_temporary_file_deleted_on_dispose(int headLength, int restLength)
    {
        byte[] all = TestContent.Random(headLength + restLength, restLength + 2);

        string path;
        using (var spooled = ContentSpool.Spool(all.AsSpan(0, headLength), new ChunkyStream(all[headLength..]), SpoolDirectory))
        {
            var file = Assert.IsType<FileStream>(spooled);
            path = file.Name;
            Assert.Equal(SpoolDirectory, Path.GetDirectoryName(path));
            Assert.True(File.Exists(path));
            Assert.Equal([path], SpoolFiles);
            Assert.Equal(0, spooled.Position);
            Assert.Equal(all.Length, spooled.Length);
            Assert.Equal(all, ReadAll(spooled));
        }

        Assert.False(File.Exists(path));
        Assert.Empty(SpoolFiles);
    }

    [Fact]
    public void A_head_alone_above_the_limit_goes_to_a_file()
    {
        byte[] head = TestContent.Random(Limit + 10, 61);

        using var spooled = ContentSpool.Spool(head, new MemoryStream(), SpoolDirectory);

        Assert.IsType<FileStream>(spooled);
        Assert.Equal(head, ReadAll(spooled));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(10 << 20)]
    public void A_failure_while_reading_propagates_and_leaves_no_file(int failAfter)
    {
        byte[] all = TestContent.Random(12 << 20, 67);

        Assert.Throws<ProtocolException>(() => ContentSpool.Spool([], new ChunkyStream(all, failAfter), SpoolDirectory));

        Assert.Empty(SpoolFiles);
    }
}
