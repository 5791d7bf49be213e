using System.Security.Cryptography;
using System.Text;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Contract;

/// <summary>
/// The <see cref="IBlobStore"/> contract, as tests every backend must pass: subclass it, implement
/// <see cref="CreateStoreAsync"/>, and every test here runs against your backend. Each test gets a store under a
/// fresh, unique prefix, so tests never see each other's objects, even on a shared bucket. Content is streamed
/// from non-seekable streams, as git-ml streams it from pipes. The large-object and 10,000-key tests are part of
/// the contract on purpose: they are where buffering and paging mistakes show.
/// </summary>
[Collection(ContractTestsRunAlone.Name)]
public abstract class BlobStoreContract : IAsyncLifetime
{
    /// <summary>Size of the large object: far more than any buffer a store may reasonably hold.</summary>
    protected const long LargeSize = 200L * 1024 * 1024;

    private const int ManyKeys = 10_000;
    private const int ParallelPuts = 32;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(10));
    private IBlobStore? _store;

    /// <summary>A store for one test, holding nothing yet, under <paramref name="prefix"/> (a fresh prefix per test).</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync(string prefix);

    protected IBlobStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    /// <summary>Cancels a hung operation instead of hanging the test run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync() => _store = await CreateStoreAsync($"contract-{Guid.NewGuid():N}");

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        _timeout.Dispose();
    }

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes()
    {
        byte[] content = Encoding.UTF8.GetBytes("a model's weights, or close enough");
        await PutAsync("weights.bin", content);

        await using var download = await Store.GetAsync("weights.bin", Ct);

        Assert.Equal(content, await ReadAllAsync(download.Content));
        Assert.True(download.Length is null || download.Length == content.Length, $"Length says {download.Length}");
    }

    [Fact]
    public async Task Put_object_is_listed_with_its_size_and_exists()
    {
        await PutAsync("data/train.csv", new byte[1234]);

        Assert.Equal(new Dictionary<string, long> { ["data/train.csv"] = 1234 }, await ListAsync(""));
        Assert.Equal(["data/train.csv"], await Store.ExistsAsync(["data/train.csv"], Ct));
    }

    [Fact]
    public async Task Listing_reports_when_each_object_was_uploaded()
    {
        // gc's grace period on a remote goes by this time: an object uploaded just now must never look old.
        var before = DateTime.UtcNow.AddMinutes(-2);
        await PutAsync("fresh.bin", new byte[10]);
        var after = DateTime.UtcNow.AddMinutes(2);

        var listed = Assert.Single(await Store.ListAllAsync(""));

        Assert.NotNull(listed.LastModifiedUtc);
        Assert.InRange(listed.LastModifiedUtc!.Value, before, after);
    }

    /// <summary>Whether the backend tags each object's version (S3's and Azure's ETag); a local folder does not.</summary>
    protected virtual bool TagsVersions => true;

    [Fact]
    public async Task Listing_tags_each_version_of_an_object_unquoted_where_the_store_has_ETags()
    {
        // A pipeline's dependency at s3://... or azure://... is checked by this tag, as DVC checks it.
        await PutAsync("raw/data.csv", [1, 2, 3]);
        var first = Assert.Single(await Store.ListAllAsync("raw/"));
        await PutAsync("raw/data.csv", [4, 5, 6, 7]);
        var second = Assert.Single(await Store.ListAllAsync("raw/"));

        if (!TagsVersions)
        {
            Assert.Null(first.ETag);
            return;
        }
        Assert.NotNull(first.ETag);
        Assert.DoesNotContain("\"", first.ETag, StringComparison.Ordinal);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task Exists_answers_for_a_mix_of_present_and_absent_keys()
    {
        await PutAsync("a", [1]);
        await PutAsync("b/c", [2]);
        await PutAsync("d/e/f", [3]);

        var found = await Store.ExistsAsync(["a", "absent", "b/c", "b/absent", "d/e/f", "d/e/absent", "d/e"], Ct);

        Assert.Equal(new HashSet<string> { "a", "b/c", "d/e/f" }, found.ToHashSet());
    }

    [Fact]
    public async Task Putting_an_existing_key_again_keeps_it_readable()
    {
        byte[] content = Encoding.UTF8.GetBytes("same bytes, same key: content addressed");
        await PutAsync("k", content);

        await PutAsync("k", content);

        Assert.Equal(content, await GetAsync("k"));
        Assert.Equal(new Dictionary<string, long> { ["k"] = content.Length }, await ListAsync(""));
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        await PutAsync("empty", []);

        Assert.Empty(await GetAsync("empty"));
        Assert.Equal(["empty"], await Store.ExistsAsync(["empty"], Ct));
        Assert.Equal(new Dictionary<string, long> { ["empty"] = 0 }, await ListAsync(""));
    }

    [Fact]
    public async Task Content_address_keys_round_trip()
    {
        byte[] content = Encoding.UTF8.GetBytes("stored under its own hash");
        string hex = Convert.ToHexStringLower(SHA256.HashData(content));
        string key = $"{hex[..2]}/{hex[2..4]}/{hex}";

        await PutAsync(key, content);

        Assert.Equal(content, await GetAsync(key));
        Assert.Equal([key], (await ListAsync(hex[..2] + "/")).Keys);
    }

    [Fact]
    public async Task Put_reads_exactly_the_announced_length_and_leaves_the_content_to_its_caller()
    {
        byte[] announced = Encoding.UTF8.GetBytes("the object");
        using var content = new DisposalRecordingStream([.. announced, .. Encoding.UTF8.GetBytes(" and what follows it")]);

        await Store.PutAsync("k", content, announced.Length, SHA256.HashData(announced), Ct);

        Assert.Equal(announced.Length, content.Position);
        Assert.False(content.IsDisposed);
        Assert.Equal(announced, await GetAsync("k"));
    }

    [Fact]
    public async Task Content_whose_SHA256_is_not_the_announced_one_is_refused_and_nothing_is_stored()
    {
        byte[] announced = Encoding.UTF8.GetBytes("what the caller hashed");
        using var content = new DisposalRecordingStream(Encoding.UTF8.GetBytes("what the file holds now"[..announced.Length]));

        var e = await Assert.ThrowsAsync<IntegrityException>(() => Store.PutAsync("ab/cd/k", content, announced.Length, SHA256.HashData(announced), Ct));

        Assert.Equal("ab/cd/k", e.Key);
        Assert.StartsWith($"{Store.Description}: object 'ab/cd/k' is damaged (its SHA-256 is ", e.Message, StringComparison.Ordinal);
        Assert.False(content.IsDisposed);
        await AssertNothingStoredAsync("ab/cd/k");
    }

    [Fact]
    public async Task Content_shorter_than_announced_is_refused_and_nothing_is_stored()
    {
        byte[] announced = new byte[1001];
        using var content = new DisposalRecordingStream(new byte[1000]);

        var e = await Assert.ThrowsAsync<IntegrityException>(() => Store.PutAsync("ab/cd/k", content, announced.Length, SHA256.HashData(announced), Ct));

        Assert.Equal($"{Store.Description}: object 'ab/cd/k' is damaged (it ended after 1000 of 1001 bytes)", e.Message);
        Assert.False(content.IsDisposed);
        await AssertNothingStoredAsync("ab/cd/k");
    }

    [Fact]
    public async Task A_refused_put_leaves_the_object_already_under_the_key_untouched()
    {
        byte[] stored = Encoding.UTF8.GetBytes("the good copy");
        await PutAsync("k", stored);
        using var damaged = new MemoryStream(Encoding.UTF8.GetBytes("a bad copy!!!"));

        await Assert.ThrowsAsync<IntegrityException>(() => Store.PutAsync("k", damaged, stored.Length, SHA256.HashData(stored), Ct));

        Assert.Equal(stored, await GetAsync("k"));
    }

    [Fact]
    public async Task Keys_with_spaces_non_ASCII_and_URL_characters_round_trip()
    {
        // Valid keys (BlobKeys) that an HTTP backend must escape correctly in paths, listings and continuation.
        string[] keys = ["odd/a b", "odd/\u00fc-\u00e9-\u6a21\u578b", "odd/plus+sign", "odd/percent%20", "odd/q?x=1&y=2", "odd/hash#frag", "odd/.hidden", "odd/semi;colon"];
        for (int i = 0; i < keys.Length; i++)
        {
            await PutAsync(keys[i], [(byte)i, 42]);
        }

        foreach (var (key, i) in keys.Select((key, i) => (key, i)))
        {
            Assert.Equal([(byte)i, 42], await GetAsync(key));
        }
        Assert.Equal(keys.ToHashSet(), (await ListAsync("odd/")).Keys.ToHashSet());
        Assert.Equal(keys.ToHashSet(), (await Store.ExistsAsync([.. keys, "odd/a", "odd/plus sign"], Ct)).ToHashSet());
    }

    [Fact]
    public async Task Keys_differ_by_case_and_exists_answers_an_ordinal_set()
    {
        await PutAsync("case/a", [1]);

        var found = await Store.ExistsAsync(["case/a", "case/A", "CASE/a"], Ct);

        Assert.Equal(["case/a"], found);
        Assert.DoesNotContain("case/A", found);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetAsync("case/A", Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("trailing/")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("back\\slash")]
    public async Task Invalid_keys_are_refused_by_every_operation_and_nothing_is_stored(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(key, [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(["valid", key], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key, Ct));

        Assert.Empty(await ListAsync(""));
    }

    [Theory]
    [InlineData("/absolute")]
    [InlineData("a//")]
    [InlineData("../a")]
    public void Invalid_listing_prefixes_are_refused_when_the_listing_is_asked_for(string prefix) =>
        Assert.Throws<ArgumentException>(() => Store.ListAsync(prefix, Ct));

    [Fact]
    public async Task A_large_object_streams_in_and_out_with_constant_memory()
    {
        const ulong Seed = 20240611;
        byte[] sha256 = await SHA256.HashDataAsync(new SeededStream(LargeSize, Seed), Ct);
        byte[] received;
        long receivedLength = 0;
        long peakGrowth;
        await using (var heap = PeakHeapMonitor.Start())
        {
            await Store.PutAsync("large", new SeededStream(LargeSize, Seed), LargeSize, sha256, Ct);

            await using var download = await Store.GetAsync("large", Ct);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = await download.Content.ReadAsync(buffer, Ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                receivedLength += n;
            }
            received = hash.GetHashAndReset();
            peakGrowth = heap.PeakGrowth;
        }

        Assert.Equal(LargeSize, receivedLength);
        Assert.Equal(sha256, received);
        Assert.Equal(new Dictionary<string, long> { ["large"] = LargeSize }, await ListAsync(""));
        Assert.True(peakGrowth < LargeSize / 2,
            $"the live heap grew by {peakGrowth / (1 << 20)} MiB while a {LargeSize / (1 << 20)} MiB object went in and out: it was buffered, not streamed");
    }

    [Fact]
    public async Task Listing_ten_thousand_keys_returns_exactly_those_keys_and_sizes()
    {
        // 100 sub-prefixes of 100 keys, sizes 0 to 6 bytes; neighbours that share a string prefix must stay out.
        var expected = Enumerable.Range(0, ManyKeys).ToDictionary(i => $"many/{i % 100:x2}/{i:x5}", i => (long)(i % 7));
        await Parallel.ForEachAsync(
            expected,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelPuts, CancellationToken = Ct },
            async (entry, ct) => await PutAsync(entry.Key, new byte[entry.Value], ct));
        await PutAsync("many-neighbour", [1]);
        await PutAsync("manyx/0a/1", [1]);

        var all = await ListAsync("many/");
        var sub = await ListAsync("many/0a/");
        var found = await Store.ExistsAsync([.. expected.Keys, "many/0a/absent"], Ct);

        Assert.Equal(expected, all);
        Assert.Equal(expected.Where(e => e.Key.StartsWith("many/0a/", StringComparison.Ordinal)).ToDictionary(), sub);
        Assert.Equal(100, sub.Count);
        Assert.Equal(expected.Keys.ToHashSet(), found.ToHashSet());
    }

    [Fact]
    public async Task Listing_matches_a_plain_string_prefix_not_only_whole_folders()
    {
        await PutAsync("ab/cd/x", [1]);
        await PutAsync("ab/ce/y", [2, 2]);
        await PutAsync("abc/z", [3, 3, 3]);
        await PutAsync("b", [4]);

        Assert.Equal(new Dictionary<string, long> { ["ab/cd/x"] = 1, ["ab/ce/y"] = 2 }, await ListAsync("ab/c"));
        Assert.Equal(new Dictionary<string, long> { ["ab/cd/x"] = 1, ["ab/ce/y"] = 2, ["abc/z"] = 3 }, await ListAsync("ab"));
        Assert.Equal(4, (await ListAsync("")).Count);
        Assert.Empty(await ListAsync("nothing/here/"));
    }

    [Fact]
    public async Task Getting_a_missing_key_throws_BlobNotFoundException()
    {
        await PutAsync("present", [1]);

        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetAsync("ab/cd/absent", Ct));

        Assert.Equal("ab/cd/absent", e.Key);
        Assert.False(e.IsTransient);
        Assert.Contains(Store.Description, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_of_keys_is_not_itself_an_object()
    {
        await PutAsync("ab/cd/object", [1]);

        Assert.Empty(await Store.ExistsAsync(["ab/cd", "ab"], Ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetAsync("ab/cd", Ct));
    }

    [Fact]
    public async Task Delete_removes_the_object()
    {
        await PutAsync("doomed", [1, 2, 3]);
        await PutAsync("kept", [4]);

        await Store.DeleteAsync("doomed", Ct);

        Assert.Empty(await Store.ExistsAsync(["doomed"], Ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetAsync("doomed", Ct));
        Assert.Equal(["kept"], (await ListAsync("")).Keys);
    }

    [Fact]
    public async Task Deleting_a_missing_key_succeeds()
    {
        await Store.DeleteAsync("never/was/here", Ct);
        await Store.DeleteAsync("never-was-here", Ct);

        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task Flush_after_puts_succeeds_and_the_objects_stay_as_they_were()
    {
        await PutAsync("ab/cd/one", [1]);
        await PutAsync("ab/ef/two", [2, 2]);
        await PutAsync("three", [3, 3, 3]);

        await Store.FlushAsync(Ct);
        await Store.FlushAsync(Ct); // nothing new since the last flush

        Assert.Equal(new Dictionary<string, long> { ["ab/cd/one"] = 1, ["ab/ef/two"] = 2, ["three"] = 3 }, await ListAsync(""));
        Assert.Equal([2, 2], await GetAsync("ab/ef/two"));
    }

    [Fact]
    public async Task Flush_with_nothing_put_succeeds_at_once_and_stores_nothing()
    {
        var flush = Store.FlushAsync(Ct);

        Assert.True(flush.IsCompletedSuccessfully, "a flush with nothing to flush returns at once");
        await flush;
        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task A_reader_never_sees_a_partial_object()
    {
        const long Size = 8 << 20;
        byte[] sha256 = await SHA256.HashDataAsync(new SeededStream(Size, 7), Ct);
        using var content = new HalfwayStream(new SeededStream(Size, 7), Size);
        // Task.Run: a store may read its content synchronously before its first await.
        var put = Task.Run(() => Store.PutAsync("ab/cd/slow", content, Size, sha256, Ct));
        if (await Task.WhenAny(put, content.ReachedHalfway).WaitAsync(Ct) == put)
        {
            await put;
            Assert.Fail("the put finished without reading the second half of its content");
        }

        var existsMidway = await Store.ExistsAsync(["ab/cd/slow"], Ct);
        var listedMidway = await ListAsync("");
        var getMidway = await Record.ExceptionAsync(() => Store.GetAsync("ab/cd/slow", Ct));
        content.Release();
        await put.WaitAsync(Ct);

        Assert.Empty(existsMidway);
        Assert.Empty(listedMidway);
        Assert.IsType<BlobNotFoundException>(getMidway);
        await using var download = await Store.GetAsync("ab/cd/slow", Ct);
        Assert.Equal(sha256, await SHA256.HashDataAsync(download.Content, Ct));
        Assert.Equal(new Dictionary<string, long> { ["ab/cd/slow"] = Size }, await ListAsync(""));
    }

    [Fact]
    public async Task A_writer_that_dies_midway_leaves_nothing_under_the_key()
    {
        const long Size = 4 << 20;
        byte[] sha256 = await SHA256.HashDataAsync(new SeededStream(Size, 9), Ct);
        await using var content = new HalfwayStream(new SeededStream(Size, 9), Size, failAtHalf: true);

        await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => Store.PutAsync("ab/cd/torn", content, Size, sha256, Ct)));

        Assert.Empty(await Store.ExistsAsync(["ab/cd/torn"], Ct));
        Assert.Empty(await ListAsync(""));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetAsync("ab/cd/torn", Ct));
    }

    private async Task AssertNothingStoredAsync(string key)
    {
        Assert.Empty(await Store.ExistsAsync([key], Ct));
        Assert.Empty(await ListAsync(""));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetAsync(key, Ct));
    }

    protected Task PutAsync(string key, byte[] content) => PutAsync(key, content, Ct);

    protected async Task PutAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await Store.PutAsync(key, stream, content.Length, SHA256.HashData(content), cancellationToken);
    }

    protected async Task<byte[]> GetAsync(string key)
    {
        await using var download = await Store.GetAsync(key, Ct);
        return await ReadAllAsync(download.Content);
    }

    /// <summary>Every object under a prefix, as key to size; fails on a key listed twice.</summary>
    protected async Task<Dictionary<string, long>> ListAsync(string prefix)
    {
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var blob in Store.ListAsync(prefix, Ct))
        {
            Assert.True(listed.TryAdd(blob.Key, blob.Size), $"'{blob.Key}' was listed twice");
        }
        return listed;
    }

    private async Task<byte[]> ReadAllAsync(Stream content)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
