using System.Security.Cryptography;
using GitMl.Storage.S3;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.S3;

/// <summary>Uploads above the multipart threshold: parts, byte-exact results, aborts, and memory that does not grow with size.</summary>
[Collection(SharedS3rver.Name)]
public sealed class S3MultipartTests(S3rverServer server) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly string _prefix = "mp-" + Guid.NewGuid().ToString("N");
    private FaultProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = new FaultProxy(server.Endpoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_proxy.Problems);
        await _proxy.DisposeAsync();
    }

    private S3BlobStore NewStore(int partSize = 5 * MiB, long threshold = 5 * MiB) =>
        new(server.Options(server.Bucket, _prefix, _proxy.Url) with { PartSize = partSize, MultipartThreshold = threshold });

    [Fact]
    public async Task An_object_above_the_threshold_goes_up_in_parts_and_comes_back_byte_for_byte()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(23 * MiB, seed: 23);

        var key = await store.PutContentAsync(content);

        var parts = _proxy.Requests.Where(r => r.Method == "PUT" && r.Query.Contains("partNumber=", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, parts.Count); // 5 + 5 + 5 + 5 + 3 MiB
        Assert.Single(_proxy.Requests, r => r.Method == "POST" && r.Query.Contains("uploadId=", StringComparison.Ordinal));
        Assert.Equal(content, await store.ReadAllAsync(key));
    }

    [Fact]
    public async Task An_object_at_the_threshold_goes_up_in_one_PutObject_with_its_SHA256_and_no_chunk_framing()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(5 * MiB, seed: 5);

        var key = await store.PutContentAsync(content);

        var put = Assert.Single(_proxy.Requests, r => r.Method is "PUT" or "POST");
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(content)), put.Headers["x-amz-checksum-sha256"]);
        Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), put.Headers["Content-Length"]);
        Assert.False(put.Headers.ContainsKey("Content-Encoding"), "an aws-chunked body would be stored verbatim by s3rver");
        Assert.Equal(content, await store.ReadAllAsync(key));
    }

    [Fact]
    public async Task Parts_have_plain_bodies_so_s3rver_stores_exactly_the_bytes()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(6 * MiB, seed: 6);

        await store.PutContentAsync(content);

        var parts = _proxy.Requests.Where(r => r.Query.Contains("partNumber=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["5242880", "1048576"], parts.Select(p => p.Headers["Content-Length"]));
        Assert.All(parts, p => Assert.False(p.Headers.ContainsKey("Content-Encoding")));
    }

    [Fact]
    public async Task A_failed_part_aborts_the_upload_and_leaves_no_object()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(12 * MiB, seed: 12);
        _proxy.Inject(new ProxyFault.Respond(500), r => r.Query.Contains("partNumber=2", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<StorageException>(() => store.PutContentAsync(content));

        Assert.True(error.IsTransient);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);

        // s3rver implements neither AbortMultipartUpload (it answers 405, which the store ignores: the part failure is
        // the error to report) nor ListMultipartUploads, so the abort is checked as the request the store sent.
        var abort = Assert.Single(_proxy.Requests, r => r.Method == "DELETE");
        Assert.StartsWith("uploadId=", abort.Query, StringComparison.Ordinal);
        Assert.Empty(await store.ExistsAsync([StoreTestExtensions.KeyFor(content)], CancellationToken.None));
    }

    [Fact]
    public async Task Multipart_content_that_does_not_match_its_SHA256_is_aborted_before_its_last_part_is_sent()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(11 * MiB, seed: 11);

        await Assert.ThrowsAsync<IntegrityException>(
            () => store.PutAsync("k", new MemoryStream(content), content.Length, new byte[32], CancellationToken.None));

        Assert.Equal(2, _proxy.Requests.Count(r => r.Method == "PUT" && r.Query.Contains("partNumber=", StringComparison.Ordinal))); // of 3
        Assert.Single(_proxy.Requests, r => r.Method == "DELETE" && r.Query.StartsWith("uploadId=", StringComparison.Ordinal)); // aborted
        Assert.DoesNotContain(_proxy.Requests, r => r.Method == "POST" && r.Query.StartsWith("uploadId=", StringComparison.Ordinal));
        Assert.Empty(await store.ExistsAsync(["k"], CancellationToken.None));
    }
}
