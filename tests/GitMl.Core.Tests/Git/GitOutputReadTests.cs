using GitMl.Git;

namespace GitMl.Core.Tests.Git;

/// <summary>How git's output is read into one array (GitCli.ReadToEnd): every byte, in order, whatever its length.</summary>
public sealed class GitOutputReadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(3 * 65_536)]
    [InlineData(1_100_000)]
    public void Every_byte_is_read_in_order(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);

        Assert.Equal(data, GitCli.ReadToEnd(new TrickleStream(data)));
        Assert.Equal(data, GitCli.ReadToEnd(new MemoryStream(data)));
    }

    [Fact]
    public void Output_of_a_real_git_is_read_whole()
    {
        using var repo = new Registry.GitRepoFixture();
        for (int i = 0; i < 2_000; i++)
        {
            repo.Write($"data/file-{i:D5}.txt", $"{i}\n");
        }
        repo.Git.Check(["add", "data"]);

        var entries = IndexEntry.ReadAll(repo.Git, ["data"]);

        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => $"data/file-{i:D5}.txt"), entries.Select(e => e.Path));
    }

    /// <summary>Hands out its bytes a few at a time, as a pipe does.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7_919));
    }
}
