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
}
