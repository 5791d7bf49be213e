using System.Text;
using GitMl.Storage.IO;

namespace GitMl.Storage.Tests.IO;

public sealed class OpenFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void A_path_given_as_bytes_is_answered_as_one_given_as_text()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        Directory.CreateDirectory(_temp.Combine("ab", "cd"));
        File.WriteAllText(_temp.Combine("ab", "cd", "file"), "x");
        File.CreateSymbolicLink(_temp.Combine("ab", "cd", "link"), _temp.Combine("ab", "cd", "file"));
        File.CreateSymbolicLink(_temp.Combine("ab", "cd", "dangling"), _temp.Combine("ab", "cd", "gone"));
        using var folder = OpenFolder.Open(_temp.Path)!;

        // Links are followed: a link to a file is there, a dangling one is not (it holds no content).
        foreach (var (path, expected) in new[] { ("ab/cd/file", true), ("ab/cd/link", true), ("ab/cd/dangling", false), ("ab/cd/missing", false), ("ab/cd", false), ("ab/cd/file/below", false) })
        {
            Assert.Equal(expected, folder.HasFile(path));
            Assert.Equal(expected, folder.HasFileUtf8(Encoding.UTF8.GetBytes(path + "\0")));
        }
    }

    [Theory]
    [InlineData("ab/cd/file")]
    [InlineData("ab/cd/file\0x\0")]
    [InlineData("")]
    public void A_path_without_its_one_final_NUL_is_refused(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var folder = OpenFolder.Open(_temp.Path)!;

        Assert.Throws<ArgumentException>(() => folder.HasFileUtf8(Encoding.UTF8.GetBytes(path)));
    }

    public void Dispose() => _temp.Dispose();
}
