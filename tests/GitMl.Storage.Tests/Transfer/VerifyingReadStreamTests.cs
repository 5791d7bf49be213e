using System.Security.Cryptography;
using GitMl.Storage.IO;

namespace GitMl.Storage.Tests.Transfer;

/// <summary>The stream that checks downloads (and the local store's puts) as they are read.</summary>
public sealed class VerifyingReadStreamTests
{
    private static readonly byte[] Content = TestObjects.Content("k", 1000);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void The_expected_bytes_pass_through_verified_whatever_the_read_size(int readSize)
    {
        long advanced = 0;
        using var stream = Verifying(Content, advance: n => advanced += n);

        byte[] read = ReadAll(stream, readSize);

        Assert.Equal(Content, read);
        Assert.True(stream.Verified);
        Assert.Equal(Content.Length, advanced);
    }

    [Fact]
    public async Task Async_reads_are_verified_too()
    {
        using var stream = Verifying([.. Content[..999], (byte)(Content[999] ^ 0x80)]);

        await Assert.ThrowsAsync<IntegrityException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public void A_reader_that_stops_at_exactly_the_length_is_verified()
    {
        using var stream = Verifying(Content);

        stream.ReadExactly(new byte[Content.Length]);

        Assert.True(stream.Verified);
    }

    [Fact]
    public void A_flipped_byte_fails_the_read_that_completes_the_length()
    {
        byte[] damaged = [.. Content];
        damaged[10] ^= 0x01;
        using var stream = Verifying(damaged);
        stream.ReadExactly(new byte[500]);

        var e = Assert.Throws<IntegrityException>(() => stream.ReadExactly(new byte[500]));

        Assert.Equal("k", e.Key);
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
        Assert.False(stream.Verified);
    }

    [Fact]
    public void Bytes_beyond_the_length_fail_the_read_that_brings_them()
    {
        using var stream = Verifying([.. Content, 1, 2]);
        stream.ReadExactly(new byte[Content.Length]);

        var e = Assert.Throws<IntegrityException>(() => stream.Read(new byte[10]));

        Assert.Contains("more than the expected 1000 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_early_end_fails_the_read_that_finds_it()
    {
        using var stream = Verifying(Content[..999]);
        stream.ReadExactly(new byte[999]);

        var e = Assert.Throws<IntegrityException>(() => stream.Read(new byte[10]));

        Assert.Contains("ended after 999 of 1000 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_stream_keeps_failing()
    {
        using var stream = Verifying(Content[..999]);
        stream.ReadExactly(new byte[999]);
        Assert.Throws<IntegrityException>(() => stream.Read(new byte[10]));

        Assert.Throws<IntegrityException>(() => stream.Read(new byte[10]));
    }

    [Fact]
    public void An_empty_object_is_verified_at_its_end()
    {
        using var stream = new VerifyingReadStream(new MemoryStream(), "s", "k", 0, SHA256.HashData([]));

        Assert.False(stream.Verified);
        Assert.Equal(0, stream.Read(new byte[10]));
        Assert.True(stream.Verified);
    }

    [Fact]
    public void An_announced_hash_that_is_not_a_SHA_256_is_refused() =>
        Assert.Throws<ArgumentException>(() => new VerifyingReadStream(new MemoryStream(), "s", "k", 0, new byte[20]));

    private static VerifyingReadStream Verifying(byte[] served, Action<long>? advance = null) =>
        new(new MemoryStream(served), "fake://s", "k", Content.Length, SHA256.HashData(Content), advance);

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        using var copy = new MemoryStream();
        byte[] buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }
}
