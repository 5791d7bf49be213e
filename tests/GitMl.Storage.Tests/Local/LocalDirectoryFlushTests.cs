using System.Security.Cryptography;
using GitMl.Storage.Local;
using GitMl.Storage.Tests.Transfer;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Local;

/// <summary>
/// The local store's batched durability: puts publish at once and flush nothing; <see cref="IBlobStore.FlushAsync"/>
/// flushes what was published since the last flush, file by file when there are few, the whole file system when
/// there are many. The flushes are recorded by <see cref="RecordingFileSync"/>; the last tests make the real ones.
/// </summary>
public sealed class LocalDirectoryFlushTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public LocalDirectoryFlushTests()
    {
        _root = _temp.Combine("remote");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_object_is_visible_right_after_its_put_and_before_any_flush()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);

        await PutAsync(store, "ab/cd/object", [1, 2, 3]);

        Assert.Equal(["ab/cd/object"], await store.ExistsAsync(["ab/cd/object"], Ct));
        await using (var download = await store.GetAsync("ab/cd/object", Ct))
        {
            using var copy = new MemoryStream();
            await download.Content.CopyToAsync(copy);
            Assert.Equal([1, 2, 3], copy.ToArray());
        }
        Assert.Empty(sync.Calls); // the put flushed nothing
    }

    [Fact]
    public async Task Each_put_writes_its_whole_file_out_before_renaming_it_into_place()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);

        await PutAsync(store, "ab/cd/x", [1, 2, 3]);
        await PutAsync(store, "ab/cd/y", new byte[5000]);

        Assert.Equal([3L, 5000L], sync.WrittenOut.Select(w => w.Length));
        Assert.All(sync.WrittenOut, w => Assert.Equal(store.TempDirectory, System.IO.Path.GetDirectoryName(w.Path)));
    }

    [Fact]
    public async Task A_flush_of_few_objects_flushes_each_file_and_each_folder_that_changed_once()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        await PutAsync(store, "ab/cd/x", [1]);
        await PutAsync(store, "ab/cd/y", [2]);
        await PutAsync(store, "ef/gh/z", [3]);

        await store.FlushAsync(Ct);

        Assert.Equal([Path("ab/cd/x"), Path("ab/cd/y"), Path("ef/gh/z")], sync.Files.Order(StringComparer.Ordinal));
        // The folders renamed into, and the parent of each folder created on the way.
        Assert.Equal([_root, Path("ab"), Path("ab/cd"), Path("ef"), Path("ef/gh")], sync.Folders.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(sync.Calls, c => c.StartsWith("syncfs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flush_of_many_objects_flushes_the_file_system_once()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        await PutManyAsync(store, LocalDirectoryBlobStore.PerFileFlushLimit + 1);

        await store.FlushAsync(Ct);

        Assert.Equal(["syncfs " + _root], sync.Calls);
    }

    [Fact]
    public async Task As_many_objects_as_the_limit_are_still_flushed_file_by_file()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        await PutManyAsync(store, LocalDirectoryBlobStore.PerFileFlushLimit);

        await store.FlushAsync(Ct);

        Assert.Equal(LocalDirectoryBlobStore.PerFileFlushLimit, sync.Files.Count());
        Assert.DoesNotContain(sync.Calls, c => c.StartsWith("syncfs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_syncfs_many_objects_are_flushed_file_by_file()
    {
        var sync = new RecordingFileSync(hasSyncfs: false);
        var store = new LocalDirectoryBlobStore(_root, sync);
        int count = LocalDirectoryBlobStore.PerFileFlushLimit + 10;
        await PutManyAsync(store, count);

        await store.FlushAsync(Ct);

        Assert.Equal(count, sync.Files.Distinct().Count());
        Assert.Contains(_root, sync.Folders);
    }

    [Fact]
    public async Task A_second_flush_flushes_only_what_was_put_since_the_first()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        await PutAsync(store, "ab/cd/first", [1]);
        await store.FlushAsync(Ct);
        int before = sync.Calls.Count;

        await store.FlushAsync(Ct);
        await PutAsync(store, "ef/gh/second", [2]);
        await store.FlushAsync(Ct);

        Assert.Equal(["file " + Path("ef/gh/second")], sync.Calls.Skip(before).Where(c => c.StartsWith("file ", StringComparison.Ordinal)));
        Assert.Equal([_root, Path("ef"), Path("ef/gh")], sync.Calls.Skip(before).Where(c => c.StartsWith("folder ", StringComparison.Ordinal)).Select(c => c[7..]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Folders_created_by_a_push_that_never_flushed_are_flushed_with_the_next_object_put_in_them()
    {
        // A push killed before its flush: its folders exist, but nothing says their entries reached the disk.
        await PutAsync(new LocalDirectoryBlobStore(_root, new RecordingFileSync()), "ab/cd/killed", [1]);
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);

        await PutAsync(store, "ab/cd/next", [2]);
        await store.FlushAsync(Ct);

        Assert.Equal([Path("ab/cd/next")], sync.Files);
        Assert.Equal([_root, Path("ab"), Path("ab/cd")], sync.Folders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_push_of_many_objects_through_the_queue_flushes_once_after_the_last_put_not_once_per_object()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        var objects = Enumerable.Range(0, 200).Select(i => ($"{i % 16:x2}/{i % 13:x2}/{i:x4}", TestObjects.Content($"o{i}", 100 + i))).ToList();

        var report = await new TransferQueue(store, TestObjects.Options(jobs: 8)).UploadAsync([.. objects.Select(o => TestObjects.Upload(o.Item1, o.Item2))], Ct);

        Assert.Equal(200, report.Transferred);
        Assert.Equal(200, sync.WrittenOut.Count); // each object written out before its rename...
        Assert.Equal(["syncfs " + _root], sync.Calls); // ...and made durable by one flush for the whole push
    }

    [Fact]
    public async Task A_push_of_a_few_objects_through_the_queue_flushes_each_file_once_and_each_folder_once()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        string[] keys = ["ab/cd/1", "ab/cd/2", "ab/ef/3", "gh/ij/4"];

        var report = await new TransferQueue(store, TestObjects.Options(jobs: 4)).UploadAsync([.. keys.Select(k => TestObjects.Upload(k, TestObjects.Content(k)))], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(keys.Select(Path), sync.Files.Order(StringComparer.Ordinal));
        Assert.Equal([_root, Path("ab"), Path("ab/cd"), Path("ab/ef"), Path("gh"), Path("gh/ij")], sync.Folders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_push_whose_flush_fails_reports_every_object_it_put_as_failed()
    {
        var sync = new RecordingFileSync { FileError = path => new IOException($"{path}: Input/output error", 5) }; // EIO
        var store = new LocalDirectoryBlobStore(_root, sync);

        var report = await new TransferQueue(store, TestObjects.Options()).UploadAsync([TestObjects.Upload("ab/cd/x", [1]), TestObjects.Upload("ab/cd/y", [2])], Ct);

        Assert.Equal(0, report.Transferred);
        Assert.Equal(["ab/cd/x", "ab/cd/y"], report.Failures.Select(f => f.Key));
        Assert.All(report.Failures, f => Assert.Contains("may not survive a power cut", f.Message, StringComparison.Ordinal));
        Assert.Single(sync.Files); // not retried: a second fsync may report success for data the first one lost
    }

    [Fact]
    public async Task A_flush_cancelled_before_it_ran_leaves_its_objects_to_the_next_flush()
    {
        var sync = new RecordingFileSync();
        var store = new LocalDirectoryBlobStore(_root, sync);
        await PutAsync(store, "ab/cd/x", [1]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.FlushAsync(new CancellationToken(canceled: true)));
        await store.FlushAsync(Ct);

        Assert.Equal([Path("ab/cd/x")], sync.Files);
    }

    [Fact]
    public async Task An_object_deleted_before_the_flush_is_no_error()
    {
        var store = new LocalDirectoryBlobStore(_root); // the real flushes: fsync of a file that is gone
        await PutAsync(store, "ab/cd/doomed", [1]);
        await PutAsync(store, "ab/cd/kept", [2]);
        await store.DeleteAsync("ab/cd/doomed", Ct);

        await store.FlushAsync(Ct);

        Assert.Equal(["ab/cd/kept"], await store.ExistsAsync(["ab/cd/doomed", "ab/cd/kept"], Ct));
    }

    [Fact]
    public async Task A_failed_flush_is_a_clear_error_a_retry_cannot_fix()
    {
        var sync = new RecordingFileSync { FileError = path => new IOException($"{path}: Input/output error", 5) }; // EIO
        var store = new LocalDirectoryBlobStore(_root, sync);
        await PutAsync(store, "ab/cd/x", [1]);

        var e = await Assert.ThrowsAsync<StorageException>(() => store.FlushAsync(Ct));

        Assert.False(e.IsTransient); // a second fsync may report success for data the first one lost
        Assert.StartsWith($"{_root}: failed flushing to disk {Path("ab/cd/x")}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Input/output error", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(the 1 object(s) written here since the last flush may not survive a power cut)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_durability_cannot_be_deferred_each_put_flushes_its_folders_and_a_flush_has_nothing_to_do()
    {
        var sync = new RecordingFileSync(defersDurability: false);
        var store = new LocalDirectoryBlobStore(_root, sync);

        await PutAsync(store, "ab/cd/x", [1]);
        int afterPut = sync.Calls.Count;
        var flush = store.FlushAsync(Ct);

        Assert.Equal([_root, Path("ab"), Path("ab/cd")], sync.Folders.Order(StringComparer.Ordinal));
        Assert.Empty(sync.Files); // the put flushed its file through its own FileStream
        Assert.Empty(sync.WrittenOut);
        Assert.True(flush.IsCompletedSuccessfully);
        Assert.Equal(afterPut, sync.Calls.Count);
    }

    [Fact]
    public async Task The_real_flushes_succeed_for_few_and_for_many_objects()
    {
        var store = new LocalDirectoryBlobStore(_root);
        await PutAsync(store, "ab/cd/one", [1]);
        await store.FlushAsync(Ct);

        await PutManyAsync(store, LocalDirectoryBlobStore.PerFileFlushLimit + 1);
        await store.FlushAsync(Ct);

        Assert.Equal(LocalDirectoryBlobStore.PerFileFlushLimit + 2, Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void The_real_flush_of_a_file_that_is_gone_says_so_and_the_file_system_flush_works_here()
    {
        string file = _temp.Combine("remote", "present");
        File.WriteAllBytes(file, [1]);

        FileSync.Instance.SyncFile(file);
        FileSync.Instance.SyncFolder(_root);
        FileSync.Instance.SyncFolder(_temp.Combine("no-such-folder")); // best effort: no error

        if (OperatingSystem.IsLinux())
        {
            Assert.Throws<FileNotFoundException>(() => FileSync.Instance.SyncFile(_temp.Combine("remote", "absent")));
            Assert.True(FileSync.Instance.TrySyncFileSystem(_root));
            Assert.True(FileSync.Instance.DefersDurability);
        }
    }

    private string Path(string key) => System.IO.Path.Combine(_root, key.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static async Task PutAsync(LocalDirectoryBlobStore store, string key, byte[] content) =>
        await store.PutAsync(key, new MemoryStream(content, writable: false), content.Length, SHA256.HashData(content), Ct);

    private static async Task PutManyAsync(LocalDirectoryBlobStore store, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await PutAsync(store, $"{i % 7:x2}/{i % 5:x2}/{i:x4}", [(byte)i]);
        }
    }
}
