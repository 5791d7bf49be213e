using System.Text;
using GitMl.Core.Objects;

namespace GitMl.Core.Tests.Objects;

public sealed class PointerParseOrNullTests
{
    [Fact]
    public void ParseOrNull_turns_away_non_pointers_and_reads_pointers()
    {
        var pointer = new Pointer(ObjectId.FromHash(new byte[32]), 5);
        Assert.Equal(pointer, Pointer.ParseOrNull(pointer.Encode()));
        Assert.Null(Pointer.ParseOrNull("hello\n"u8));
        Assert.Null(Pointer.ParseOrNull([]));
        Assert.Null(Pointer.ParseOrNull(Encoding.ASCII.GetBytes(pointer.ToString().Replace("size 5", "size 05", StringComparison.Ordinal))));
        Assert.Null(Pointer.ParseOrNull("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"u8));
    }
}
