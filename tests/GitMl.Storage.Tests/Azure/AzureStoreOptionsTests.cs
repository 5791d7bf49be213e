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

    [Fact]
    public void Block_ids_have_one_length_and_differ_between_uploads()
    {
        var first = Guid.NewGuid();
        var ids = new[] { AzureBlockIds.For(first, 0), AzureBlockIds.For(first, 49_999), AzureBlockIds.For(Guid.NewGuid(), 0) };

        Assert.Single(ids.Select(id => id.Length).Distinct());
        Assert.Equal(3, ids.Distinct().Count());
    }
}
