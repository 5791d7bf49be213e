using GitMl.Core.IO;

namespace GitMl.Core.Tests.IO;

public class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1.0 KiB")]
    [InlineData(20L * 1024, "20.0 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(1024L * 1024 - 1, "1.0 MiB")] // 1023.999 KiB rounds to 1024.0: shown in the next unit
    [InlineData(1024L * 1024 - 52, "1023.9 KiB")]
    [InlineData(1023L * 1024 * 1024 * 1024 + 1024L * 1024 * 1024 - 1, "1.0 TiB")]
    [InlineData(1024L * 1024, "1.0 MiB")]
    [InlineData(1024L * 1024 * 1024, "1.0 GiB")]
    [InlineData(5L << 40, "5.0 TiB")]
    [InlineData(3L << 50, "3072.0 TiB")]
    public void Formats_sizes_for_people(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}
