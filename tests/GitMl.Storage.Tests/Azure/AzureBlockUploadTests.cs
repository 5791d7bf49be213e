using System.Security.Cryptography;
using GitMl.Storage.Azure;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Azure;

/// <summary>Uploads above the single-upload threshold: staged blocks, byte-exact results, nothing visible before commit, constant memory.</summary>
[Collection(SharedAzurite.Name)]
public sealed class AzureBlockUploadTests(AzuriteServer server) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly string _prefix = "blocks-" + Guid.NewGuid().ToString("N");
    private FaultProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = new FaultProxy(server.Host);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_proxy.Problems);
        await _proxy.DisposeAsync();
    }

    private AzureBlobStore NewStore(int blockSize = 5 * MiB, long threshold = 5 * MiB) =>
        new(server.Options(server.Container, _prefix, _proxy.Url) with { BlockSize = blockSize, SingleUploadThreshold = threshold });

    private List<ProxiedRequest> StagedBlocks() => [.. _proxy.Requests.Where(r => r.Query.Contains("comp=block&", StringComparison.Ordinal) || r.Query.EndsWith("comp=block", StringComparison.Ordinal))];

    [Fact]
    public async Task An_object_above_the_threshold_goes_up_in_blocks_with_MD5s_and_comes_back_byte_for_byte()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(23 * MiB, seed: 23);

        var key = await store.PutContentAsync(content);

        var blocks = StagedBlocks();
        Assert.Equal(["5242880", "5242880", "5242880", "5242880", "3145728"], blocks.Select(b => b.Headers["Content-Length"]));
        Assert.All(blocks, b => Assert.True(b.Headers.ContainsKey("Content-MD5")));
        Assert.Single(_proxy.Requests, r => r.Query.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Equal(content, await store.ReadAllAsync(key));
    }

    [Fact]
    public async Task An_object_at_the_threshold_goes_up_in_one_Put_Blob()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(5 * MiB, seed: 5);

        var key = await store.PutContentAsync(content);

        var put = Assert.Single(_proxy.Requests, r => r.Method == "PUT" && r.Path.EndsWith(key, StringComparison.Ordinal));
        Assert.Equal("BlockBlob", put.Headers["x-ms-blob-type"]);
        Assert.Equal(content, await store.ReadAllAsync(key));
    }

    [Fact]
    public async Task A_failed_block_leaves_no_blob()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(12 * MiB, seed: 12);
        var calls = 0;
        _proxy.Inject(new ProxyFault.Respond(500), r => r.Query.Contains("comp=block", StringComparison.Ordinal) && !r.Query.Contains("blocklist", StringComparison.Ordinal) && ++calls == 2);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.PutContentAsync(content));

        Assert.True(error.IsTransient);
        Assert.Empty(await store.ExistsAsync([StoreTestExtensions.KeyFor(content)], CancellationToken.None));
        Assert.DoesNotContain(_proxy.Requests, r => r.Query.Contains("comp=blocklist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Content_that_does_not_match_its_SHA256_fails_before_its_last_block_and_is_never_committed()
    {
        await using var store = NewStore();
        var content = StoreTestExtensions.Bytes(11 * MiB, seed: 11);

        await Assert.ThrowsAsync<IntegrityException>(
            () => store.PutAsync("k", new MemoryStream(content), content.Length, new byte[32], CancellationToken.None));

        Assert.Equal(2, StagedBlocks().Count); // of 3: the staged ones stay invisible

        Assert.DoesNotContain(_proxy.Requests, r => r.Query.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Empty(await store.ExistsAsync(["k"], CancellationToken.None));
        Assert.Empty(await store.ListAllAsync());
    }

    [Fact]
    public async Task A_writer_whose_blocks_another_writer_of_the_key_discarded_finds_the_same_object_and_succeeds()
    {
        // A commit discards every uncommitted block of the blob (Azure keeps one uncommitted list per blob), so when
        // another writer of the same key commits between our staging and our commit, our commit fails with
        // InvalidBlockList and finds the same object in place. Here the other writer (6 MiB blocks) runs to the end
        // while ours (5 MiB blocks) reads its last block. Block ids carry a per-upload id: with plain indexes, one
        // writer could re-stage the other's "block 1" and a commit could publish a blob of the wrong content.
        const long length = 13 * MiB;
        await using var ours = NewStore(blockSize: 5 * MiB);
        await using var theirs = NewStore(blockSize: 6 * MiB);
        var sha256 = SeededStream.Sha256Of(length, seed: 13);
        var content = new SeededStream(length, seed: 13)
        {
            OnRead = position =>
            {
                if (position == length)
                {
                    theirs.PutAsync("same", new SeededStream(length, seed: 13), length, sha256, CancellationToken.None).GetAwaiter().GetResult();
                }
            },
        };

        await ours.PutAsync("same", content, length, sha256, CancellationToken.None);

        var commits = _proxy.Requests.Where(r => r.Query.Contains("comp=blocklist", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, commits.Count);
        Assert.Equal("HEAD", _proxy.Requests[^1].Method); // our commit failed, and the blob in place was checked
        await using var download = await ours.GetAsync("same", CancellationToken.None);
        Assert.Equal(sha256, await SHA256.HashDataAsync(download.Content));
    }
}
