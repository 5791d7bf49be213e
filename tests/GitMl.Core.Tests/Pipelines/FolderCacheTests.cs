using GitMl.Core.Pipelines.Hashing;
using GitMl.Core.Tests.Registry;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>The folder cache answers only for a folder whose every file is the very one it saw: same names, sizes, times, inodes.</summary>
public sealed class FolderCacheTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private static readonly HashedPath Hashed = new("data", true, new string('a', 64) + ".dir", 15, 3);
    private readonly TempDirectory _dir = new();

    public FolderCacheTests()
    {
        Write("data/a.bin", "hello");
        Write("data/b.bin", "world");
        Write("data/sub/c.bin", "again");
    }

    public void Dispose() => _dir.Dispose();

    private string Folder => _dir.Combine("data");

    private string CachePath => _dir.Combine("folder-cache");

    private void Write(string relative, string content)
    {
        string path = _dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
    }

    /// <summary>A cache that remembers the folder as <see cref="Hashed"/> (after the racy window), saved and read again.</summary>
    private FolderCache Remembered()
    {
        Thread.Sleep(2100); // the files' ctimes must leave the racy window
        var cache = new FolderCache(CachePath);
        var walked = FolderCache.Walk(Folder);
        cache.Remember("data", walked, FolderCache.Walk(Folder), Hashed);
        cache.Save(null);
        return new FolderCache(CachePath);
    }

    [Fact]
    public void An_unchanged_folder_is_answered()
    {
        var cache = Remembered();
        Assert.Equal(Hashed, cache.Lookup("data", FolderCache.Walk(Folder)!));
        Assert.Null(cache.Lookup("other", FolderCache.Walk(Folder)!));
    }

    [Fact]
    public void A_file_rewritten_with_its_size_and_mtime_restored_is_not_answered()
    {
        var cache = Remembered();
        Write("data/sub/c.bin", "AGAIN"); // same size, same mtime: only the ctime tells
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));
    }

    [Fact]
    public void A_file_replaced_by_another_with_the_same_size_and_times_is_not_answered()
    {
        var cache = Remembered();
        Write("other.bin", "HELLO");
        File.Move(_dir.Combine("other.bin"), _dir.Combine("data/a.bin"), overwrite: true);
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));
    }

    [Fact]
    public void A_file_added_deleted_or_renamed_is_not_answered()
    {
        var cache = Remembered();
        Write("data/sub/d.bin", "");
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));
        File.Delete(_dir.Combine("data/sub/d.bin"));
        File.Delete(_dir.Combine("data/b.bin"));
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));

        cache = Remembered();
        File.Move(_dir.Combine("data/a.bin"), _dir.Combine("data/z.bin"));
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));
    }

    [Fact]
    public void A_folder_changed_within_the_racy_window_or_while_it_was_hashed_is_not_remembered()
    {
        var cache = new FolderCache(CachePath);
        var walked = FolderCache.Walk(Folder);
        cache.Remember("data", walked, FolderCache.Walk(Folder), Hashed); // the files' ctimes are now
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));

        Thread.Sleep(2100);
        var before = FolderCache.Walk(Folder);
        Write("data/a.bin", "HELLO");
        Thread.Sleep(2100);
        cache.Remember("data", before, FolderCache.Walk(Folder), Hashed);
        Assert.Null(cache.Lookup("data", FolderCache.Walk(Folder)!));
        Assert.Null(cache.Lookup("data", before!));
    }

    [Fact]
    public void A_link_in_the_folder_stops_the_walk_and_a_damaged_file_is_ignored()
    {
        var cache = Remembered();
        File.CreateSymbolicLink(_dir.Combine("data/sub/link"), _dir.Combine("data/a.bin"));
        Assert.Null(FolderCache.Walk(Folder));
        File.Delete(_dir.Combine("data/sub/link"));
        Assert.NotNull(cache.Lookup("data", FolderCache.Walk(Folder)!));

        byte[] bytes = File.ReadAllBytes(CachePath);
        bytes[^24] ^= 1;
        File.WriteAllBytes(CachePath, bytes);
        Assert.Null(new FolderCache(CachePath).Lookup("data", FolderCache.Walk(Folder)!));
        File.WriteAllText(CachePath, "git-ml folder cache 2\n");
        Assert.Null(new FolderCache(CachePath).Lookup("data", FolderCache.Walk(Folder)!));
    }
}
