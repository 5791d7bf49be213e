using System.Text;
using GitMl.Core.Objects;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Tracking;

namespace GitMl.Core.Tests.Tracking;

public sealed class PointerCacheTests : IDisposable
{
    private static readonly string BlobA = new('a', 40);
    private static readonly string BlobB = new('b', 40);
    private static readonly string BlobC = new('c', 64);
    private static readonly Pointer PointerA = new(ObjectId.Parse(new string('1', 64)), 123);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string CachePath => _dir.Combine("pointer-cache");

    [Fact]
    public void Pointers_and_non_pointers_survive_a_save_and_load()
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobA, PointerA);
        cache.Remember(BlobC, null);
        cache.Save();

        var loaded = PointerCache.Load(CachePath);
        Assert.Equal(2, loaded.Count);
        Assert.True(loaded.TryGet(BlobA, out var a));
        Assert.Equal(PointerA, a);
        Assert.True(loaded.TryGet(BlobC, out var c));
        Assert.Null(c);
        Assert.False(loaded.TryGet(BlobB, out _));
    }

    [Fact]
    public void Only_blob_ids_as_git_writes_them_are_remembered_and_each_is_told_apart()
    {
        var cache = PointerCache.Load(CachePath);
        string sha1 = "0123456789abcdef0123456789abcdef01234567";
        string sha256 = sha1 + "89abcdef0123456789abcdef";
        cache.Remember(sha1, PointerA);
        cache.Remember(sha256, null, gitLfsPointer: true);
        cache.Remember(sha1.ToUpperInvariant().Replace('0', '9'), PointerA); // not lowercase: not a blob id as git writes it
        cache.Remember(sha1[..39], PointerA);
        cache.Save();

        var loaded = PointerCache.Load(CachePath);
        Assert.Equal(2, loaded.Count);
        Assert.True(loaded.TryGet(sha1, out var pointer));
        Assert.Equal(PointerA, pointer);
        Assert.True(loaded.IsGitLfsPointer(sha256));
        Assert.False(loaded.TryGet(sha1.ToUpperInvariant(), out _));
        Assert.False(loaded.TryGet(sha1[..^1] + "8", out _));
        Assert.False(loaded.TryGet(sha1 + "00000000000000000000000", out _)); // 64 digits, not the SHA-256 id
        Assert.Contains($"{sha1} {PointerA.Oid.Hex} 123\n{sha256} lfs\n", File.ReadAllText(CachePath), StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_is_canonical_and_ends_with_a_checksum()
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobC, null);
        cache.Remember(BlobA, PointerA);
        cache.Save();

        string[] lines = File.ReadAllText(CachePath).Split('\n');
        Assert.Equal("git-ml pointer cache 3", lines[0]);
        Assert.Equal($"{BlobA} {PointerA.Oid.Hex} 123", lines[1]);
        Assert.Equal($"{BlobC} -", lines[2]);
        Assert.Matches("^xxh128 [0-9a-f]{32}$", lines[3]);
        Assert.Equal("", lines[4]);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("other-version")]
    public void A_damaged_or_unknown_file_is_ignored_as_a_whole(string damage)
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobA, PointerA);
        cache.Remember(BlobB, null);
        cache.Save();
        byte[] bytes = File.ReadAllBytes(CachePath);
        byte[] damaged = damage switch
        {
            "truncated" => bytes[..^20],
            "flipped" => Flip(bytes, 50),
            "garbage" => Encoding.ASCII.GetBytes("not a cache\n"),
            "empty" => [],
            _ => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bytes).Replace("cache 3", "cache 9", StringComparison.Ordinal)),
        };
        File.WriteAllBytes(CachePath, damaged);

        var loaded = PointerCache.Load(CachePath);

        Assert.Equal(0, loaded.Count);
        Assert.False(loaded.TryGet(BlobA, out _));
    }

    [Fact]
    public void Git_lfs_pointers_are_told_apart_from_other_blobs_and_survive_a_save_and_load()
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobA, null, gitLfsPointer: true);
        cache.Remember(BlobB, null);
        cache.Remember(BlobC, PointerA, gitLfsPointer: true); // a git-ml pointer is never also a git-lfs one
        cache.Save();

        Assert.Contains($"{BlobA} lfs\n", File.ReadAllText(CachePath), StringComparison.Ordinal);
        var loaded = PointerCache.Load(CachePath);
        Assert.True(loaded.IsGitLfsPointer(BlobA));
        Assert.True(loaded.TryGet(BlobA, out var a));
        Assert.Null(a);
        Assert.False(loaded.IsGitLfsPointer(BlobB));
        Assert.False(loaded.IsGitLfsPointer(BlobC));
        Assert.Null(loaded.IsGitLfsPointer(new string('d', 40)));
    }

    [Fact]
    public void A_version_1_file_which_did_not_tell_git_lfs_pointers_apart_is_ignored()
    {
        string body = $"git-ml pointer cache 1\n{BlobB} -\n";
        string sum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(body)));
        File.WriteAllText(CachePath, body + $"sha256 {sum}\n");

        Assert.Equal(0, PointerCache.Load(CachePath).Count);
    }

    [Fact]
    public void A_version_2_file_ending_with_a_sha256_is_ignored()
    {
        string body = $"git-ml pointer cache 2\n{BlobB} -\n";
        string sum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(body)));
        File.WriteAllText(CachePath, body + $"sha256 {sum}\n");

        Assert.Equal(0, PointerCache.Load(CachePath).Count);
    }

    [Theory]
    [InlineData("{0} 1111111111111111111111111111111111111111111111111111111111111111 -5")]
    [InlineData("{0} 1111111111111111111111111111111111111111111111111111111111111111 +5")]
    [InlineData("{0} 1111111111111111111111111111111111111111111111111111111111111111 5x")]
    [InlineData("{0} 1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("{0} 111111111111111111111111111111111111111111111111111111111111111A 5")]
    [InlineData("{0} lfs extra")]
    [InlineData("{0}  -")]
    [InlineData("AAAA -")]
    public void A_well_summed_file_with_a_bad_line_is_ignored_as_a_whole(string line)
    {
        string body = $"git-ml pointer cache 3\n{BlobB} -\n{string.Format(System.Globalization.CultureInfo.InvariantCulture, line, BlobA)}\n";
        string sum = Convert.ToHexStringLower(GitMl.Core.IO.CacheChecksum.Of(Encoding.ASCII.GetBytes(body)));
        File.WriteAllText(CachePath, body + $"xxh128 {sum}\n");

        Assert.Equal(0, PointerCache.Load(CachePath).Count);
    }

    [Fact]
    public void Nothing_is_written_when_nothing_was_learned_or_forgotten()
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobA, PointerA);
        cache.Remember(BlobB, null, gitLfsPointer: true);
        cache.Save();
        var before = new FileInfo(CachePath);
        var written = before.LastWriteTimeUtc;
        File.SetLastWriteTimeUtc(CachePath, written.AddMinutes(-5));

        var loaded = PointerCache.Load(CachePath);
        loaded.Remember(BlobA, PointerA);
        loaded.Remember(BlobB, null, gitLfsPointer: true);
        loaded.KeepOnly(new HashSet<string>(StringComparer.Ordinal) { BlobA, BlobB, BlobC });
        Assert.False(loaded.HasChanges);
        loaded.Save();

        Assert.Equal(written.AddMinutes(-5), new FileInfo(CachePath).LastWriteTimeUtc);
        loaded.Remember(BlobB, null); // it is no longer said to be a git-lfs pointer: that is news
        Assert.True(loaded.HasChanges);
    }

    [Fact]
    public void One_cache_serves_many_threads()
    {
        var cache = PointerCache.Load(CachePath);
        Parallel.For(0, 2000, i =>
        {
            string blob = i.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
            cache.Remember(blob, i % 2 == 0 ? PointerA : null, gitLfsPointer: i % 3 == 0);
            Assert.True(cache.TryGet(blob, out _));
        });
        cache.Save();
        Assert.Equal(2000, PointerCache.Load(CachePath).Count);
    }

    [Fact]
    public void A_pointer_with_extra_keys_is_not_cached()
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobA, new Pointer(PointerA.Oid, 5, [new("x-note", "kept")]));
        Assert.False(cache.TryGet(BlobA, out _));
    }

    [Fact]
    public void KeepOnly_forgets_blobs_no_longer_in_the_index()
    {
        var cache = PointerCache.Load(CachePath);
        cache.Remember(BlobA, PointerA);
        cache.Remember(BlobB, null);
        cache.KeepOnly(new HashSet<string>(StringComparer.Ordinal) { BlobB });
        cache.Save();

        var loaded = PointerCache.Load(CachePath);
        Assert.False(loaded.TryGet(BlobA, out _));
        Assert.True(loaded.TryGet(BlobB, out _));
    }

    [Fact]
    public void FromIndex_fills_the_cache_and_then_answers_from_it_and_sees_a_changed_file()
    {
        using var repo = new GitRepoFixture();
        var first = new Pointer(ObjectId.FromHash(new byte[32]), 7);
        repo.Write("model.bin", first.ToString());
        repo.Write("code.py", "print(1)\n");
        repo.Git.Check(["add", "model.bin", "code.py"]);

        var tracked = TrackedFile.FromIndex(repo.Repo);

        Assert.Equal(["model.bin"], tracked.Select(t => t.Path));
        Assert.Equal(first, tracked[0].Pointer);
        Assert.False(tracked[0].Present);
        var cache = PointerCache.Load(PointerCache.PathIn(repo.Repo));
        Assert.Equal(3, cache.Count); // model.bin, code.py and the committed README.md

        // A new version of the file is a new blob: the cache cannot answer for it with the old pointer.
        var second = new Pointer(ObjectId.FromHash(Enumerable.Repeat((byte)0xab, 32).ToArray()), 9);
        repo.Write("model.bin", second.ToString());
        repo.Git.Check(["add", "model.bin"]);

        var again = TrackedFile.FromIndex(repo.Repo);

        Assert.Equal(second, Assert.Single(again).Pointer);
        Assert.Equal(3, PointerCache.Load(PointerCache.PathIn(repo.Repo)).Count); // the old blob was dropped
    }

    [Fact]
    public void A_whole_index_read_forgets_blobs_it_did_not_meet_and_keeps_those_it_learned()
    {
        using var repo = new GitRepoFixture();
        var kept = new Pointer(ObjectId.FromHash(new byte[32]), 7);
        repo.Write("model.bin", kept.ToString());
        repo.Write("old.bin", new Pointer(ObjectId.FromHash(Enumerable.Repeat((byte)1, 32).ToArray()), 8).ToString());
        repo.Git.Check(["add", "model.bin", "old.bin"]);
        string oldBlob = repo.Git.Check(["rev-parse", ":old.bin"]).StdoutText.Trim();
        TrackedFile.FromIndex(repo.Repo);

        // One command, two whole-index reads: the second forgets what only the first met, and keeps what it learned.
        repo.Git.Check(["rm", "-q", "--cached", "old.bin"]);
        repo.Write("new.txt", "plain\n");
        repo.Git.Check(["add", "new.txt"]);
        var tracked = TrackedFile.FromIndex(repo.Repo);

        Assert.Equal(kept, Assert.Single(tracked).Pointer);
        var saved = PointerCache.Load(PointerCache.PathIn(repo.Repo));
        Assert.False(saved.TryGet(oldBlob, out _));
        Assert.True(saved.TryGet(repo.Git.Check(["rev-parse", ":new.txt"]).StdoutText.Trim(), out var plain));
        Assert.Null(plain);
        Assert.Equal(3, saved.Count); // README.md, model.bin, new.txt

        // Staged again, the forgotten blob is read again, not taken for unknown content.
        repo.Git.Check(["add", "old.bin"]);
        Assert.Equal(["model.bin", "old.bin"], TrackedFile.FromIndex(MlRepository.Open(repo.Path)).Select(t => t.Path));
    }

    [Fact]
    public void FromIndex_does_not_trust_a_corrupt_cache()
    {
        using var repo = new GitRepoFixture();
        var pointer = new Pointer(ObjectId.FromHash(new byte[32]), 7);
        repo.Write("model.bin", pointer.ToString());
        repo.Git.Check(["add", "model.bin"]);
        TrackedFile.FromIndex(repo.Repo);
        string path = PointerCache.PathIn(repo.Repo);
        // Claim the pointer's blob is "not a pointer", without fixing the checksum.
        string text = File.ReadAllText(path);
        string blob = repo.Git.Check(["rev-parse", ":model.bin"]).StdoutText.Trim();
        File.WriteAllText(path, text.Replace($"{blob} {pointer.Oid.Hex} 7", $"{blob} -", StringComparison.Ordinal));

        Assert.Equal(pointer, Assert.Single(TrackedFile.FromIndex(repo.Repo)).Pointer);
    }

    [Fact]
    public void Changes_lists_modified_and_staged_paths_from_one_status()
    {
        using var repo = new GitRepoFixture();
        repo.Write("a.txt", "a\n");
        repo.Write("b.txt", "b\n");
        repo.Git.Check(["add", "a.txt", "b.txt"]);
        repo.Git.Check(["commit", "-q", "-m", "two"]);
        repo.Write("a.txt", "changed\n");
        repo.Write("b.txt", "staged\n");
        repo.Git.Check(["add", "b.txt"]);
        File.Delete(Path.Combine(repo.Path, "README.md"));
        repo.Write("untracked.txt", "u\n");

        var (modified, staged) = DataStatus.Changes(repo.Repo);

        Assert.Equal(["README.md", "a.txt"], modified.Order(StringComparer.Ordinal));
        Assert.Equal(["b.txt"], staged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Changes_counts_everything_staged_before_the_first_commit()
    {
        using var dir = new TempDirectory();
        var git = new GitMl.Git.GitCli(dir.Path);
        git.Check(["init", "-q"]);
        File.WriteAllText(dir.Combine("x.txt"), "x\n");
        git.Check(["add", "x.txt"]);

        var (modified, staged) = DataStatus.Changes(MlRepository.Open(dir.Path));

        Assert.Empty(modified);
        Assert.Equal(["x.txt"], staged);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = [.. bytes];
        copy[at] ^= 0x01;
        return copy;
    }
}
