using System.Security.Cryptography;
using GitMl.Storage.Azure;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Azure;

/// <summary>AzureBlobStore against Azurite: every operation, and the bytes that come back.</summary>
[Collection(SharedAzurite.Name)]
public sealed class AzureBlobStoreTests(AzuriteServer server)
{
    private AzureBlobStore NewStore(string? prefix = null, int listPageSize = 5000) =>
        new(server.Options(server.Container, prefix ?? "t-" + Guid.NewGuid().ToString("N")) with { ListPageSize = listPageSize });

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_and_length()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(100_000, seed: 1);
        var key = await store.PutContentAsync(content);

        await using var download = await store.GetAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(content.Length, download.Length);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task An_empty_object_round_trips()
    {
        await using var store = NewStore();
        var key = await store.PutContentAsync([]);

        await using var download = await store.GetAsync(key, CancellationToken.None);
        Assert.Equal(0, download.Length);
        Assert.Equal(-1, download.Content.ReadByte());
        Assert.Contains(key, await store.ExistsAsync([key], CancellationToken.None));
    }

    [Fact]
    public async Task Exists_reports_exactly_the_stored_keys_of_a_batch()
    {
        await using var store = NewStore();
        var stored = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            stored.Add(await store.PutContentAsync(StoreTestExtensions.Bytes(10 + i, seed: i)));
        }

        var missing = Enumerable.Range(100, 40).Select(i => StoreTestExtensions.KeyFor(StoreTestExtensions.Bytes(10, seed: i))).ToList();

        var found = await store.ExistsAsync([.. missing, .. stored, stored[0]], CancellationToken.None);

        Assert.Equal(stored.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_returns_keys_relative_to_the_store_prefix_with_their_sizes()
    {
        var prefix = "list-" + Guid.NewGuid().ToString("N");
        await using var store = NewStore(prefix);
        await using var neighbour = NewStore(prefix + "-neighbour");
        await store.PutBytesAsync("ab/cd/one", new byte[3]);
        await store.PutBytesAsync("ab/ef/two", new byte[5]);
        await store.PutBytesAsync("zz/zz/three", []);
        await neighbour.PutBytesAsync("ab/cd/other", new byte[7]);

        var all = await store.ListAllAsync();
        var underAb = await store.ListAllAsync("ab/");

        Assert.Equal(
            [("ab/cd/one", 3L), ("ab/ef/two", 5L), ("zz/zz/three", 0L)],
            all.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Size)));
        Assert.Equal(["ab/cd/one", "ab/ef/two"], underAb.Select(b => b.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_follows_continuation_markers_across_pages()
    {
        // Azure pages hold up to 5000 blobs; a page size of 7 makes 50 blobs take 8 list requests.
        var proxy = new FaultProxy(server.Host);
        await using var _ = proxy;
        await using var store = new AzureBlobStore(server.Options(server.Container, "pages-" + Guid.NewGuid().ToString("N"), proxy.Url) with { ListPageSize = 7 });
        var keys = Enumerable.Range(0, 50).Select(i => $"{i % 4:x2}/{i:D3}").ToList();
        foreach (var key in keys)
        {
            await store.PutBytesAsync(key, [(byte)key.Length]);
        }

        var listed = await store.ListAllAsync();

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(b => b.Key).Order(StringComparer.Ordinal));
        Assert.Equal(8, proxy.Requests.Count(r => r.Query.Contains("comp=list", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_deleting_a_missing_key_is_not_an_error()
    {
        await using var store = NewStore();
        var key = await store.PutContentAsync(StoreTestExtensions.Bytes(10, seed: 3));

        await store.DeleteAsync(key, CancellationToken.None);
        await store.DeleteAsync(key, CancellationToken.None);

        Assert.Empty(await store.ExistsAsync([key], CancellationToken.None));
        Assert.Empty(await store.ListAllAsync());
    }

    [Fact]
    public async Task Putting_an_existing_key_replaces_the_object()
    {
        await using var store = NewStore();
        var first = StoreTestExtensions.Bytes(1000, seed: 4);
        var second = StoreTestExtensions.Bytes(2000, seed: 5);
        await store.PutBytesAsync("k", first);

        await store.PutBytesAsync("k", second);

        Assert.Equal(second, await store.ReadAllAsync("k"));
    }

    [Fact]
    public async Task Getting_a_missing_key_throws_BlobNotFoundException_naming_the_key()
    {
        await using var store = NewStore();

        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetAsync("ab/cd/missing", CancellationToken.None));

        Assert.Equal("ab/cd/missing", error.Key);
        Assert.False(error.IsTransient);
        Assert.Contains(store.Description, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_container_is_created_by_the_first_upload_and_reads_before_it_create_nothing()
    {
        var container = "fresh-" + Guid.NewGuid().ToString("N");
        await using var store = new AzureBlobStore(server.Options(container, "p"));

        Assert.Empty(await store.ExistsAsync(["ab/cd/k"], CancellationToken.None));
        Assert.False(await server.CreateClient().GetBlobContainerClient(container).ExistsAsync());
        await store.PutBytesAsync("ab/cd/k", [1, 2, 3]);

        Assert.Equal([1, 2, 3], await store.ReadAllAsync("ab/cd/k"));
    }

    [Fact]
    public async Task Blobs_live_under_the_normalized_prefix_in_the_container()
    {
        var prefix = "norm-" + Guid.NewGuid().ToString("N");
        await using var store = NewStore($"/{prefix}/sub//");
        await store.PutBytesAsync("ab/cd/key", [1, 2, 3]);

        var names = new List<string>();
        await foreach (var blob in server.CreateClient().GetBlobContainerClient(server.Container).GetBlobsAsync(new() { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        Assert.Equal($"azure://{server.Container}/{prefix}/sub/", store.Description);
        Assert.Equal([$"{prefix}/sub/ab/cd/key"], names);
    }

    [Fact]
    public async Task Small_objects_carry_their_MD5_as_the_blob_Content_MD5()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(4096, seed: 9);
        var key = await store.PutContentAsync(content);

        var blob = server.CreateClient().GetBlobContainerClient(server.Container).GetBlobClient(store.Description.Split('/', 4)[3] + key);
        var properties = await blob.GetPropertiesAsync();

#pragma warning disable CA5351 // MD5 is Azure's transport checksum here, not a security measure
        Assert.Equal(MD5.HashData(content), properties.Value.ContentHash);
#pragma warning restore CA5351
    }
}
