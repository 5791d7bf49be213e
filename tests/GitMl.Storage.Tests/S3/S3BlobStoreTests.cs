using System.Security.Cryptography;
using Amazon.S3.Model;
using GitMl.Storage.S3;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.S3;

/// <summary>S3BlobStore against a real S3-compatible server (s3rver): every operation, and the bytes that come back.</summary>
[Collection(SharedS3rver.Name)]
public sealed class S3BlobStoreTests(S3rverServer server)
{
    private S3BlobStore NewStore(string? prefix = null) => new(server.Options(server.Bucket, prefix ?? "t-" + Guid.NewGuid().ToString("N")));

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
    public async Task Exists_of_no_keys_is_empty()
    {
        await using var store = NewStore();
        Assert.Empty(await store.ExistsAsync([], CancellationToken.None));
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
    public async Task List_pages_through_more_than_a_thousand_keys()
    {
        // S3 (and s3rver) return at most 1000 keys per ListObjectsV2 call: 1100 keys need a continuation token.
        await using var store = NewStore();
        var keys = Enumerable.Range(0, 1100).Select(i => $"{i % 16:x2}/{i:D5}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) => await store.PutBytesAsync(key, []));

        var listed = await store.ListAllAsync();

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(b => b.Key).Order(StringComparer.Ordinal));
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
    public async Task Keys_live_under_the_normalized_prefix_in_the_bucket()
    {
        var prefix = "norm-" + Guid.NewGuid().ToString("N");
        await using var store = NewStore($"/{prefix}/sub//");
        await store.PutBytesAsync("ab/cd/key", [1, 2, 3]);

        using var client = server.CreateClient();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = server.Bucket, Prefix = prefix });

        Assert.Equal($"s3://{server.Bucket}/{prefix}/sub/", store.Description);
        Assert.Equal([$"{prefix}/sub/ab/cd/key"], listed.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task A_store_without_a_prefix_uses_the_bucket_root()
    {
        var bucket = await server.CreateBucketAsync();
        await using var store = new S3BlobStore(server.Options(bucket, prefix: ""));
        await store.PutBytesAsync("ab/cd/root", [9]);

        Assert.Equal($"s3://{bucket}/", store.Description);
        Assert.Equal([("ab/cd/root", 1L)], (await store.ListAllAsync()).Select(b => (b.Key, b.Size)));
    }
}
