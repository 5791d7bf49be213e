using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using GitMl.Storage.Azure;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Azure;

/// <summary>Failures a user causes (missing container, wrong key, malformed or missing credentials) and what they are told.</summary>
[Collection(SharedAzurite.Name)]
public sealed class AzureErrorMessageTests(AzuriteServer server)
{
    // A well-formed key that is not the account's (64 bytes, base64).
    private static readonly string WrongKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task Reading_from_a_container_that_does_not_exist_names_it()
    {
        await using var store = new AzureBlobStore(server.Options("no-such-container", "p"));

        var get = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("ab/cd/k", CancellationToken.None));
        var list = await Assert.ThrowsAsync<StorageException>(() => store.ListAllAsync());

        Assert.All([get, list], error =>
        {
            Assert.IsNotType<BlobNotFoundException>(error);
            Assert.False(error.IsTransient);
            Assert.True(error.AffectsWholeStore); // the transfer queue stops at the first one
            Assert.Contains("container 'no-such-container' (or its storage account) does not exist", error.Message, StringComparison.Ordinal);
        });
        await store.DeleteAsync("ab/cd/k", CancellationToken.None); // deleting from nothing is not an error
    }

    [Fact]
    public async Task A_wrong_account_key_says_which_credentials_and_never_shows_the_key()
    {
        await using var store = new AzureBlobStore(server.Options(server.Container, "p") with { AccountKey = WrongKey });

        var get = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("ab/cd/k", CancellationToken.None));
        var put = await Assert.ThrowsAsync<StorageException>(() => store.PutBytesAsync("ab/cd/k", [1]));

        Assert.All([get, put], error =>
        {
            Assert.False(error.IsTransient);
            Assert.True(error.AffectsWholeStore);
            Assert.Contains("access denied (HTTP 403", error.Message, StringComparison.Ordinal);
            Assert.Contains($"with the account key of storage account '{AzuriteServer.AccountName}'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongKey, error.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_connection_string_works_and_a_wrong_one_is_reported_without_its_secret()
    {
        var good = server.ConnectionString;
        var wrong = good.Replace(AzuriteServer.AccountKey, WrongKey, StringComparison.Ordinal);
        await using var store = new AzureBlobStore(new AzureStoreOptions(server.Container) { Prefix = "cs-" + Guid.NewGuid().ToString("N"), ConnectionString = good });
        await using var denied = new AzureBlobStore(new AzureStoreOptions(server.Container) { ConnectionString = wrong });

        await store.PutBytesAsync("k", [4, 2]);
        var error = await Assert.ThrowsAsync<StorageException>(() => denied.GetAsync("k", CancellationToken.None));

        Assert.Equal([4, 2], await store.ReadAllAsync("k"));
        Assert.Contains("with the connection string given in git-ml's settings", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SAS_token_signs_requests()
    {
        var sas = new BlobSasBuilder(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1))
        {
            BlobContainerName = server.Container,
        }.ToSasQueryParameters(new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey)).ToString();
        var options = server.Options(server.Container, "sas-" + Guid.NewGuid().ToString("N")) with { AccountKey = null, SasToken = "?" + sas };
        await using var store = new AzureBlobStore(options);

        await store.PutBytesAsync("k", [7]);

        Assert.Equal([7], await store.ReadAllAsync("k"));
        Assert.DoesNotContain(sas, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_reported_without_quoting_it()
    {
        const string Malformed = "AccountName=x;AccountKey=not-base64-@@@-secretish;BlobEndpoint=::nonsense";

        var error = Assert.Throws<StorageException>(() => new AzureBlobStore(new AzureStoreOptions("container") { ConnectionString = Malformed }));

        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretish", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_credentials_at_all_says_what_to_give()
    {
        if (Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING") is { Length: > 0 })
        {
            return; // the environment supplies credentials on this machine
        }

        var error = Assert.Throws<StorageException>(() => new AzureBlobStore(new AzureStoreOptions("container")));

        Assert.Contains("no Azure credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_transient_failure_of_the_whole_store()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var store = new AzureBlobStore(server.Options(server.Container, "p", new Uri($"http://127.0.0.1:{port}")));

        var error = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("ab/cd/k", CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.True(error.AffectsWholeStore); // the transfer queue stops after this one's retries
        Assert.Contains($"cannot reach http://127.0.0.1:{port}/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azurite_refuses_the_SDKs_newest_service_version_which_is_why_stores_pin_one()
    {
        // If this starts passing requests, Azurite caught up and the pin in AzureStoreOptions can move forward.
        var newest = new BlobServiceClient(
            server.ServiceUri, new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey), new BlobClientOptions());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => newest.GetBlobContainerClient(server.Container).ExistsAsync());

        Assert.Equal(400, error.Status);
    }
}
