using System.Security.Cryptography;
using GitMl.Storage.Local;
using GitMl.Storage.Tests.Contract;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Local;

/// <summary>What the local-directory store promises beyond the shared contract: where files go, what a killed or
/// failing writer leaves, which keys it refuses, and how it fails when its folder is missing.</summary>
public sealed class LocalDirectoryBlobStoreTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new();
    private readonly LocalDirectoryBlobStore _store;

    /// <summary>The store is a folder inside the test's own folder, so a key escaping the root would show there.</summary>
    public LocalDirectoryBlobStoreTests()
    {
        Directory.CreateDirectory(_temp.Combine("store"));
        _store = new LocalDirectoryBlobStore(_temp.Combine("store"));
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> BadKeys => new()
    {
        "",
        "/etc/passwd",
        "..",
        "../outside",
        "ab/../../outside",
        "ab/./cd",
        ".",
        "ab//cd",
        "ab/",
        @"ab\cd",
        @"..\outside",
        "ab/cd\0",
        ".tmp/123-abc.tmp",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Bad_keys_are_rejected_by_every_operation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(key, [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ExistsAsync(["fine", key], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key, Ct));
        Assert.Equal([_store.Root], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Theory]
    [InlineData("/ab")]
    [InlineData("../")]
    [InlineData("ab//c")]
    [InlineData(@"ab\c")]
    public void Bad_prefixes_are_rejected_when_listing_is_asked_for(string prefix) =>
        Assert.Throws<ArgumentException>(() => _store.ListAsync(prefix, Ct));

    [Fact]
    public async Task Keys_are_files_at_the_same_relative_path_under_the_root()
    {
        await PutAsync("ab/cd/object", [1, 2, 3]);

        Assert.Equal(_temp.Combine("store"), _store.Description);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(_temp.Combine("store", "ab", "cd", "object")));
    }

    [Fact]
    public async Task A_folder_removed_behind_the_stores_back_is_made_again()
    {
        // The store remembers the folders it made, so each is asked for once per push; one removed since must not
        // turn the next put into a failure.
        await PutAsync("ab/cd/first", [1]);
        Directory.Delete(_temp.Combine("store", "ab"), recursive: true);

        await PutAsync("ab/cd/second", [2]);

        Assert.Equal([2], File.ReadAllBytes(_temp.Combine("store", "ab", "cd", "second")));
    }

    [Fact]
    public async Task Names_starting_with_a_dot_are_ordinary_keys()
    {
        await PutAsync("ab/.hidden", [1]);
        await PutAsync(".config", [2, 2]);

        Assert.Equal(
            new Dictionary<string, long> { ["ab/.hidden"] = 1, [".config"] = 2 },
            await ListAsync(""));
    }

    [Fact]
    public async Task Partial_files_in_the_temporary_folder_are_never_listed()
    {
        await PutAsync("real", [1]);
        Directory.CreateDirectory(_store.TempDirectory);
        File.WriteAllBytes(Path.Combine(_store.TempDirectory, "99-left-by-a-killed-writer.tmp"), [1, 2]);

        Assert.Equal(["real"], (await ListAsync("")).Keys);
        Assert.Empty(await ListAsync("."));
        Assert.Empty(await ListAsync(".tmp/"));
    }

    [Fact]
    public async Task A_writer_caught_midway_has_written_only_a_temporary_file()
    {
        // What a writer killed at this moment would leave behind.
        const long Size = 4 << 20;
        byte[] sha256 = SHA256.HashData(new SeededStream(Size, 3));
        using var content = new HalfwayStream(new SeededStream(Size, 3), Size);
        var put = Task.Run(() => _store.PutAsync("ab/cd/object", content, Size, sha256, Ct));
        await content.ReachedHalfway.WaitAsync(TimeSpan.FromMinutes(1));

        string[] tempFilesMidway = Directory.GetFiles(_store.TempDirectory);
        bool finalFileMidway = File.Exists(_temp.Combine("store", "ab", "cd", "object"));
        content.Release();
        await put;

        Assert.Single(tempFilesMidway);
        Assert.False(finalFileMidway);
        Assert.Empty(Directory.GetFiles(_store.TempDirectory));
        Assert.Equal(Size, new FileInfo(_temp.Combine("store", "ab", "cd", "object")).Length);
    }

    [Fact]
    public async Task A_writer_whose_content_fails_leaves_no_file_at_all()
    {
        const long Size = 4 << 20;
        using var content = new HalfwayStream(new SeededStream(Size, 3), Size, failAtHalf: true);

        var e = await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("ab/cd/object", content, Size, new byte[32], Ct));

        Assert.Contains("simulated failure", e.Message, StringComparison.Ordinal); // the content's own error, unchanged
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, 3)] // damaged: same length, other bytes
    [InlineData(new byte[] { 1, 2 }, 3)] // short
    public async Task Content_that_is_not_what_was_announced_leaves_no_temporary_file(byte[] content, long announcedLength)
    {
        await Assert.ThrowsAsync<IntegrityException>(
            () => _store.PutAsync("k", new MemoryStream(content), announcedLength, SHA256.HashData(new byte[] { 9, 9, 9 }), Ct));

        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_missing_root_fails_every_operation_clearly_and_is_never_created()
    {
        string root = _temp.Combine("usb-drive-not-mounted");
        var store = new LocalDirectoryBlobStore(root);

        var failures = new[]
        {
            await Record.ExceptionAsync(() => store.PutAsync("k", new MemoryStream([1]), 1, SHA256.HashData(new byte[] { 1 }), Ct)),
            await Record.ExceptionAsync(() => store.GetAsync("k", Ct)),
            await Record.ExceptionAsync(() => store.ExistsAsync(["k"], Ct)),
            await Record.ExceptionAsync(async () => await store.ListAsync("", Ct).ToListAsync()),
            await Record.ExceptionAsync(() => store.DeleteAsync("k", Ct)),
        };

        Assert.All(failures, e =>
        {
            var storage = Assert.IsType<StorageException>(e);
            Assert.False(storage.IsTransient);
            Assert.True(storage.AffectsWholeStore); // a push stops at the first object instead of trying them all
            Assert.Contains(root, storage.Message, StringComparison.Ordinal);
            Assert.Contains("mount", storage.Message, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task A_reader_keeps_reading_the_copy_it_opened_while_the_key_is_replaced()
    {
        byte[] content = new byte[100_000];
        Random.Shared.NextBytes(content);
        await PutAsync("k", content);
        await using var download = await _store.GetAsync("k", Ct);
        byte[] first = new byte[10];
        await download.Content.ReadExactlyAsync(first, Ct);

        await PutAsync("k", content);
        await _store.DeleteAsync("k", Ct);

        using var rest = new MemoryStream();
        await download.Content.CopyToAsync(rest, Ct);
        Assert.Equal(content, first.Concat(rest.ToArray()).ToArray());
    }

    private async Task PutAsync(string key, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        await _store.PutAsync(key, stream, content.Length, SHA256.HashData(content), Ct);
    }

    private async Task<Dictionary<string, long>> ListAsync(string prefix)
    {
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var blob in _store.ListAsync(prefix, Ct))
        {
            listed.Add(blob.Key, blob.Size);
        }
        return listed;
    }
}
