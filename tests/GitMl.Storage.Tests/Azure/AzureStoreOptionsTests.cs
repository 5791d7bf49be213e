using GitMl.Storage.Azure;

namespace GitMl.Storage.Tests.Azure;

public sealed class AzureStoreOptionsTests
{
    [Fact]
    public void ToString_shows_settings_but_no_secret()
    {
        var options = new AzureStoreOptions("container")
        {
            ConnectionString = "AccountName=a;AccountKey=key-secret",
            AccountName = "acct",
            AccountKey = "also-secret",
        };

        var text = options.ToString();

        Assert.Contains("Container = container", text, StringComparison.Ordinal);
        Assert.Contains("AccountName = acct", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a/")]
    [InlineData("/a/b/", "a/b/")]
    public void The_prefix_is_normalized_to_end_in_one_slash(string prefix, string expected) =>
        Assert.Equal(expected, new AzureStoreOptions("container") { Prefix = prefix }.BlobPrefix);

    [Fact]
    public void Settings_Azure_would_refuse_are_refused_when_the_store_is_made()
    {
        var valid = new AzureStoreOptions("container") { AccountName = "a", AccountKey = Convert.ToBase64String(new byte[64]) };

        Assert.Throws<ArgumentException>(() => new AzureBlobStore(new AzureStoreOptions("ab") { AccountName = "a", AccountKey = valid.AccountKey }));
        Assert.Throws<ArgumentException>(() => new AzureBlobStore(valid with { BlockSize = 0 }));
        Assert.Throws<ArgumentException>(() => new AzureBlobStore(valid with { SingleUploadThreshold = -1 }));
        Assert.Throws<ArgumentException>(() => new AzureBlobStore(valid with { ListPageSize = 5001 }));
        Assert.Throws<ArgumentException>(() => new AzureBlobStore(valid with { SasToken = "sv=x" }));
        _ = new AzureBlobStore(valid);
    }

    [Theory]
    [InlineData(1L << 20, 16 << 20, 16 << 20)]
    [InlineData(800_000L << 20, 16 << 20, 16 << 20)] // exactly 50,000 blocks
    [InlineData((800_000L << 20) + 1, 16 << 20, 17 << 20)]
    public void Blocks_grow_when_an_object_would_need_more_than_50000(long length, int configured, int expected) =>
        Assert.Equal(expected, AzureBlockPlan.BlockSize(length, configured));

    [Fact]
    public void Block_ids_have_one_length_and_differ_between_uploads()
    {
        var first = Guid.NewGuid();
        var ids = new[] { AzureBlockPlan.BlockId(first, 0), AzureBlockPlan.BlockId(first, 49_999), AzureBlockPlan.BlockId(Guid.NewGuid(), 0) };

        Assert.Single(ids.Select(id => id.Length).Distinct());
        Assert.Equal(3, ids.Distinct().Count());
    }
}
