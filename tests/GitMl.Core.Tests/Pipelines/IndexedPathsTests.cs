using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Tracking;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>
/// Status takes the hash of a folder git tracks whole from the folder cache without a walk, when git's status and the
/// stat data the index recorded vouch for every file (<see cref="IndexedPaths"/>). It must answer exactly as hashing
/// file by file does, and answer nothing whenever git's answer does not cover every file, does not come from looking at
/// it, or rests on a record that is not the folder cache's: each hostile case below is one such way.
/// The files hold pointer texts (no filter in a unit test), as a checkout without the content leaves them.
/// </summary>
public sealed class IndexedPathsTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly GitRepoFixture _repo = new();
    private readonly TempDirectory _caches = new();

    public IndexedPathsTests()
    {
        Write("data/a.bin", 1);
        Write("data/b.bin", 2);
        Write("data/sub/c.bin", 3);
        // Every file's mtime long past: no entry is racily clean, so `git status` has no reason to rewrite the index.
        File.SetLastWriteTimeUtc(Full("README.md"), LongAgo);
        _repo.Git.Check(["add", "."]);
        _repo.Git.Check(["commit", "-q", "-m", "data"]);
        RememberFolder();
    }

    public void Dispose()
    {
        _repo.Dispose();
        _caches.Dispose();
    }

    private string StatCachePath => _caches.Combine("stat-cache");

    private string FolderCachePath => _caches.Combine(FolderCache.FileName);

    private static string PointerText(byte fill) => new Pointer(ObjectId.FromHash(Enumerable.Repeat(fill, 32).ToArray()), 1000 + fill).ToString();

    /// <summary>A pointer text (all of one length), with an mtime long past.</summary>
    private void Write(string relative, byte fill)
    {
        string full = _repo.Write(relative, PointerText(fill));
        File.SetLastWriteTimeUtc(full, LongAgo);
    }

    private string Full(string relative) => Path.Combine(_repo.Path, relative);

    /// <summary>Hashes the folder as repro or status does, once its files are out of the racy window, so the folder cache remembers it.</summary>
    private void RememberFolder()
    {
        Thread.Sleep(2100);
        File.Delete(FolderCachePath);
        var cache = StatCache.Load(StatCachePath);
        new ContentHasher(MlRepository.Open(_repo.Path), cache, () => new Dictionary<string, Pointer>()).Hash("data", store: false);
        cache.Save();
        Assert.True(File.Exists(FolderCachePath));
        _repo.Git.Check(["status", "--porcelain"]);
    }

    private static IndexedPaths Indexed(MlRepository repo) => new(repo, new IndexSnapshot(repo));

    private HashedPath? FromIndex() => Indexed(MlRepository.Open(_repo.Path)).Folder("data", new FolderCache(FolderCachePath));

    /// <summary>The answer hashing file by file gives, with caches of its own.</summary>
    private HashedPath FileByFile()
    {
        var cache = StatCache.Load(_caches.Combine(Guid.NewGuid().ToString("N"), "stat-cache"));
        return new ContentHasher(MlRepository.Open(_repo.Path), cache, () => new Dictionary<string, Pointer>()).Hash("data", store: false);
    }

    [Fact]
    public void An_unmodified_tracked_folder_answers_as_hashing_file_by_file_does()
    {
        var expected = FileByFile();
        Assert.Equal(expected, FromIndex());
        Assert.Equal(3, expected.FileCount);

        // And through the hasher status makes.
        var repo = MlRepository.Open(_repo.Path);
        var hasher = new ContentHasher(repo, StatCache.Load(StatCachePath), () => throw new InvalidOperationException("not asked"), Indexed(repo));
        Assert.Equal(expected, hasher.Hash("data", store: false));
    }

    [Fact]
    public void No_record_of_the_folder_or_a_damaged_one_answers_nothing()
    {
        Assert.Null(Indexed(MlRepository.Open(_repo.Path)).Folder("data", new FolderCache(_caches.Combine("none"))));
        byte[] bytes = File.ReadAllBytes(FolderCachePath);
        bytes[^20] ^= 1;
        File.WriteAllBytes(FolderCachePath, bytes);
        Assert.Null(FromIndex());
    }

    [Fact]
    public void A_file_rewritten_in_place_with_its_size_and_mtime_kept_is_not_answered()
    {
        var before = FileByFile();
        Write("data/sub/c.bin", 9); // same length, same mtime: its change time (and content) tell
        Assert.Null(FromIndex());
        Assert.NotEqual(before.Hash, FileByFile().Hash);
    }

    [Fact]
    public void A_file_rewritten_within_the_second_git_recorded_it_is_not_taken_from_git()
    {
        // Git compares whole seconds: a rewrite right after `git add`, size and mtime kept, can look unmodified to it
        // for good, even once the index is written again later. The folder cache's record, walked after the rewrite,
        // does not hold the stamp git recorded: the folder is not answered from git.
        Write("data/a.bin", 5);
        _repo.Git.Check(["add", "data/a.bin"]);
        Write("data/a.bin", 6);
        RememberFolder();
        _repo.Git.Check(["update-index", "--index-version", "4"]); // the index written again, later
        _repo.Git.Check(["update-index", "--index-version", "2"]);

        var answered = FromIndex();
        Assert.True(answered is null || answered == FileByFile(), $"answered {answered}, the files hold {FileByFile()}");
    }

    [Fact]
    public void A_file_renamed_over_with_the_same_size_and_times_is_not_answered()
    {
        Write("elsewhere.bin", 9);
        File.Move(Full("elsewhere.bin"), Full("data/a.bin"), overwrite: true);
        Assert.Null(FromIndex());
    }

    [Fact]
    public void A_file_added_ignored_or_deleted_is_not_answered()
    {
        Write("data/sub/new.bin", 5);
        Assert.Null(FromIndex());
        File.Delete(Full("data/sub/new.bin"));
        Assert.NotNull(FromIndex());

        _repo.Write(".git/info/exclude", "*.tmp\n");
        Write("data/x.tmp", 6);
        Assert.Null(FromIndex());
        File.Delete(Full("data/x.tmp"));

        File.Delete(Full("data/b.bin"));
        Assert.Null(FromIndex());
    }

    [Fact]
    public void A_link_in_place_of_a_file_or_beside_them_is_not_answered()
    {
        File.Move(Full("data/a.bin"), Full("a-elsewhere.bin"));
        File.CreateSymbolicLink(Full("data/a.bin"), Full("a-elsewhere.bin"));
        Assert.Null(FromIndex());
        File.Delete(Full("data/a.bin"));

        File.Move(Full("a-elsewhere.bin"), Full("data/a.bin"));
        File.CreateSymbolicLink(Full("data/sub/link.bin"), Full("README.md"));
        Assert.Null(FromIndex());
    }

    [Theory]
    [InlineData("--assume-unchanged")]
    [InlineData("--skip-worktree")]
    public void A_file_git_does_not_look_at_is_not_answered(string flag)
    {
        _repo.Git.Check(["update-index", flag, "data/a.bin"]);
        _repo.Write("data/a.bin", "something else entirely");
        Assert.Empty(_repo.Git.Check(["status", "--porcelain", "--untracked-files=no"]).StdoutText); // git does not see it
        Assert.Null(FromIndex());
    }

    [Theory]
    [InlineData("core.trustctime", "false")]
    [InlineData("core.checkStat", "minimal")]
    [InlineData("core.fsmonitor", "true")]
    [InlineData("core.ignoreStat", "true")]
    public void Settings_that_let_git_skip_a_file_or_part_of_its_stat_data_are_not_answered(string key, string value)
    {
        Assert.NotNull(FromIndex());
        _repo.Git.Check(["config", key, value]);
        Assert.Null(FromIndex());
    }

    [Fact]
    public void An_index_changed_while_the_command_reads_it_or_kept_elsewhere_is_not_answered()
    {
        var indexed = Indexed(MlRepository.Open(_repo.Path));
        Write("other.bin", 8);
        _repo.Git.Check(["add", "other.bin"]);
        Assert.Null(indexed.Folder("data", new FolderCache(FolderCachePath)));
        Assert.NotNull(FromIndex());

        var elsewhere = MlRepository.Open(_repo.Path, environment: name => name == "GIT_INDEX_FILE" ? Full(".git/index") : null);
        Assert.Null(Indexed(elsewhere).Folder("data", new FolderCache(FolderCachePath)));
    }

    [Fact]
    public void A_file_staged_anew_answers_once_the_folder_is_remembered_again()
    {
        Write("data/a.bin", 7);
        _repo.Git.Check(["add", "data/a.bin"]);
        Assert.Null(FromIndex()); // the index records the new file; the folder cache, the old one
        RememberFolder();
        Assert.Equal(FileByFile(), FromIndex());
    }
}
