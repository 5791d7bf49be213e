using GitMl.Storage.S3;

namespace GitMl.Storage.Tests.S3;

public sealed class S3StoreOptionsTests
{
    [Fact]
    public void ToString_shows_settings_but_no_secret()
    {
        var options = new S3StoreOptions("bkt") { Prefix = "p", AccessKeyId = "AKIAEXAMPLE", SecretAccessKey = "very-secret", SessionToken = "token-secret" };

        var text = options.ToString();

        Assert.Contains("Bucket = bkt", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("a", "a/")]
    [InlineData("/a/b/", "a/b/")]
    public void The_prefix_is_normalized_to_end_in_one_slash(string prefix, string expected) =>
        Assert.Equal(expected, new S3StoreOptions("b") { Prefix = prefix }.KeyPrefix);

    [Fact]
    public void Settings_S3_would_refuse_are_refused_when_the_store_is_made()
    {
        Assert.Throws<ArgumentException>(() => new S3BlobStore(new S3StoreOptions("b") { PartSize = 5 * 1024 * 1024 - 1 }));
        Assert.Throws<ArgumentException>(() => new S3BlobStore(new S3StoreOptions("b") { MultipartThreshold = -1 }));
        Assert.Throws<ArgumentException>(() => new S3BlobStore(new S3StoreOptions("b") { ExistsParallelism = 0 }));
        Assert.Throws<ArgumentException>(() => new S3BlobStore(new S3StoreOptions("b") { AccessKeyId = "only-the-id" }));
        Assert.Throws<ArgumentException>(() => new S3BlobStore(new S3StoreOptions("b") { SessionToken = "t" }));
        Assert.Throws<ArgumentException>(() => new S3BlobStore(new S3StoreOptions("b") { CredentialsFile = "/x" }));
    }

    [Theory]
    [InlineData(1L << 20, 16 << 20, 16 << 20)]
    [InlineData(160_000L << 20, 16 << 20, 16 << 20)] // exactly 10,000 parts
    [InlineData((160_000L << 20) + 1, 16 << 20, 17 << 20)] // one byte more: parts grow to the next MiB
    [InlineData(1L << 40, 16 << 20, 105 << 20)] // 1 TiB
    public void Parts_grow_when_an_object_would_need_more_than_10000(long length, int configured, int expected) =>
        Assert.Equal(expected, S3PartPlan.PartSize(length, configured));
}
