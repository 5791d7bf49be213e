using System.Security.Cryptography;
using GitMl.Storage.Local;
using GitMl.Storage.Tests.Transfer;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Local;

/// <summary>The transfer queue against a real local-directory remote: a push, a second push that finds
/// everything there, a pull, and a pull of an object that rotted on the remote disk.</summary>
public sealed class LocalTransferTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new();
    private readonly LocalDirectoryBlobStore _store;
    private readonly Dictionary<string, byte[]> _objects;

    public LocalTransferTests()
    {
        Directory.CreateDirectory(_temp.Combine("remote"));
        _store = new LocalDirectoryBlobStore(_temp.Combine("remote"));
        _objects = Enumerable.Range(0, 40).Select(i => TestObjects.Content($"object {i}", i * 997)).ToDictionary(KeyOf);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Objects_pushed_to_a_folder_come_back_verified_and_a_second_push_sends_nothing()
    {
        var queue = new TransferQueue(_store, TestObjects.Options(jobs: 4));
        var uploads = _objects.Select(o => TestObjects.Upload(o.Key, o.Value)).ToList();

        var pushed = await queue.UploadAsync(uploads, Ct);
        var pushedAgain = await queue.UploadAsync(uploads, Ct);
        var consumer = new RecordingConsumer();
        var pulled = await queue.DownloadAsync([.. _objects.Select(o => TestObjects.Download(o.Key, o.Value, consumer))], Ct);

        Assert.Equal((40, 0, _objects.Values.Sum(o => (long)o.Length)), (pushed.Transferred, pushed.Skipped, pushed.Bytes));
        Assert.Equal((0, 40), (pushedAgain.Transferred, pushedAgain.Skipped));
        Assert.True(pulled.Succeeded);
        Assert.Equal(_objects, consumer.Kept);
    }

    [Fact]
    public async Task A_known_good_file_is_copied_by_the_kernel_and_never_opened_as_a_stream()
    {
        var (key, content) = _objects.Last();
        string source = _temp.Combine("known-good");
        File.WriteAllBytes(source, content);
        var item = TestObjects.Upload(key, content) with { Open = () => throw new InvalidOperationException("read as a stream") };
        item = item with { OpenKnownGood = () => new KnownGoodFile(File.OpenRead(source), () => true) };

        var report = await new TransferQueue(_store, TestObjects.Options()).UploadAsync([item], Ct);

        Assert.True(report.Succeeded, string.Join("; ", report.Failures.Select(f => f.Message)));
        Assert.Equal((1, (long)content.Length), (report.Transferred, report.Bytes));
        Assert.Equal(content, File.ReadAllBytes(_store.PathOf(key)));
    }

    [Fact]
    public async Task A_known_good_file_that_changed_during_the_copy_goes_the_verified_way_and_leaves_no_copy()
    {
        var (key, content) = _objects.Last();
        string source = _temp.Combine("changed");
        File.WriteAllBytes(source, [.. content.Select(b => (byte)(b ^ 1))]); // wrong bytes, then "changed"
        int streamed = 0;
        var item = TestObjects.Upload(key, content);
        var open = item.Open;
        item = item with
        {
            Open = () => { streamed++; return open(); },
            OpenKnownGood = () => new KnownGoodFile(File.OpenRead(source), () => false),
        };

        var report = await new TransferQueue(_store, TestObjects.Options()).UploadAsync([item], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(1, streamed);
        Assert.Equal(content, File.ReadAllBytes(_store.PathOf(key)));
        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("remote", LocalDirectoryBlobStore.TempFolderName)));
    }

    [Fact]
    public async Task A_known_good_file_of_another_length_is_not_stored()
    {
        var (key, content) = _objects.Last();
        string source = _temp.Combine("short");
        File.WriteAllBytes(source, content[..^1]);
        using var known = new KnownGoodFile(File.OpenRead(source), () => true);

        Assert.False(await _store.TryPutFileAsync(key, known, content.Length, Ct));
        Assert.False(File.Exists(_store.PathOf(key)));
    }

    [Fact]
    public async Task An_object_that_rotted_on_the_remote_disk_is_not_kept()
    {
        var queue = new TransferQueue(_store, TestObjects.Options(maxAttempts: 2), delay: (_, _) => Task.CompletedTask);
        await queue.UploadAsync([.. _objects.Select(o => TestObjects.Upload(o.Key, o.Value))], Ct);
        var (key, content) = _objects.Last();
        string file = _store.PathOf(key);
        byte[] rotten = File.ReadAllBytes(file);
        rotten[rotten.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, rotten);
        var consumer = new RecordingConsumer();

        var pulled = await queue.DownloadAsync([TestObjects.Download(key, content, consumer)], Ct);

        var failure = Assert.Single(pulled.Failures);
        Assert.Contains($"'{key}' from {_store.Root} after 2 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{_store.Root}: object '{key}' is damaged (its SHA-256 is", failure.Message, StringComparison.Ordinal);
        Assert.Empty(consumer.Kept);
    }

    private static string KeyOf(byte[] content)
    {
        string hex = Convert.ToHexStringLower(SHA256.HashData(content));
        return $"{hex[..2]}/{hex[2..4]}/{hex}";
    }
}
