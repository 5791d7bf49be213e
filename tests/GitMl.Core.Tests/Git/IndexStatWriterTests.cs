using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Git;

namespace GitMl.Core.Tests.Git;

/// <summary>
/// Stat data written into git's index in place must be byte for byte what `git update-index --refresh` writes, and
/// anything unexpected must leave the index alone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IndexStatWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("index-stat");
    private GitCli _git = null!;

    public void Dispose() => _dir.Dispose();

    private string Index => _dir.Combine(".git", "index");

    private void Init(string format)
    {
        _git = new GitCli(_dir.Path);
        _git.Check(["init", "-q", $"--object-format={format}"]);
        _git.Check(["config", "user.name", "A"]);
        _git.Check(["config", "user.email", "a@example.com"]);
        Directory.CreateDirectory(_dir.Combine("dir", "sub"));
        foreach (var (path, text) in new[] { ("a.bin", "first"), ("dir/b b.bin", "second file"), ("dir/sub/c.txt", "c"), ("z.txt", "zzz") })
        {
            File.WriteAllText(_dir.Combine(path), text);
        }
        _git.Check(["add", "."]);
        _git.Check(["commit", "-qm", "files"]);
    }

    /// <summary>Dates every file ten seconds back, so no entry is racily clean, and refreshes the index through git, so
    /// only the entries a test resets differ from what git would record.</summary>
    private void Backdate()
    {
        foreach (string file in Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.git/", StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(-10));
        }
        _git.Run(["update-index", "-q", "--refresh"]);
    }

    private Dictionary<string, (string Oid, IndexStatData Stat)> Targets(params string[] paths)
    {
        var entries = IndexEntry.ReadAll(_git).ToDictionary(e => e.Path);
        return paths.ToDictionary(p => p, p => (entries[p].Oid, OpenFileStamp.ForIndex(_dir.Combine(p))!.Value.Index));
    }

    private void ResetStat(params string[] paths) =>
        GitIndex.ResetEntries(_git, IndexEntry.ReadAll(_git).Where(e => paths.Contains(e.Path)));

    [Theory]
    [InlineData("sha1", "2", false)]
    [InlineData("sha1", "3", true)]
    [InlineData("sha1", "4", false)]
    [InlineData("sha1", "4", true)]
    [InlineData("sha256", "2", false)]
    [InlineData("sha256", "4", true)]
    public void Writes_exactly_what_git_s_refresh_writes(string format, string version, bool intentToAdd)
    {
        Init(format);
        if (intentToAdd)
        {
            File.WriteAllText(_dir.Combine("dir", "new.txt"), "new");
            _git.Check(["add", "-N", "dir/new.txt"]); // An extended flag: the index becomes version 3 at least.
        }
        _git.Check(["update-index", "--index-version", version]);
        Backdate();
        ResetStat("a.bin", "dir/b b.bin");
        byte[] reset = File.ReadAllBytes(Index);
        _git.Check(["update-index", "-q", "--refresh"]);
        byte[] byGit = File.ReadAllBytes(Index);
        File.WriteAllBytes(Index, reset);

        Assert.True(IndexStatWriter.TryRecord(_dir.Combine(".git"), Targets("a.bin", "dir/b b.bin"), format));

        Assert.Equal(byGit, File.ReadAllBytes(Index));
        Assert.Equal("", _git.Check(["diff-files", "--name-only", "--", "a.bin", "dir/b b.bin"]).StdoutText);
    }

    [Fact]
    public void An_entry_naming_another_blob_leaves_the_index_alone()
    {
        Init("sha1");
        Backdate();
        ResetStat("a.bin");
        byte[] before = File.ReadAllBytes(Index);
        var targets = Targets("a.bin");
        targets["a.bin"] = (new string('1', 40), targets["a.bin"].Stat);

        Assert.False(IndexStatWriter.TryRecord(_dir.Combine(".git"), targets, "sha1"));
        Assert.Equal(before, File.ReadAllBytes(Index));
        Assert.False(File.Exists(Index + ".lock"));
    }

    [Fact]
    public void A_path_not_in_the_index_leaves_it_alone()
    {
        Init("sha1");
        var targets = Targets("a.bin");
        targets["missing.bin"] = targets["a.bin"];
        byte[] before = File.ReadAllBytes(Index);

        Assert.False(IndexStatWriter.TryRecord(_dir.Combine(".git"), targets, "sha1"));
        Assert.Equal(before, File.ReadAllBytes(Index));
    }

    [Fact]
    public void A_held_index_lock_is_respected()
    {
        Init("sha1");
        File.WriteAllText(Index + ".lock", "someone else's");
        byte[] before = File.ReadAllBytes(Index);

        Assert.False(IndexStatWriter.TryRecord(_dir.Combine(".git"), Targets("a.bin"), "sha1"));
        Assert.Equal(before, File.ReadAllBytes(Index));
        Assert.Equal("someone else's", File.ReadAllText(Index + ".lock"));
    }

    [Fact]
    public void A_damaged_index_is_not_touched()
    {
        Init("sha1");
        var targets = Targets("a.bin");
        byte[] damaged = File.ReadAllBytes(Index);
        damaged[20] ^= 0xff;
        File.WriteAllBytes(Index, damaged);

        Assert.False(IndexStatWriter.TryRecord(_dir.Combine(".git"), targets, "sha1"));
        Assert.Equal(damaged, File.ReadAllBytes(Index));
    }

    [Fact]
    public void A_split_index_is_left_to_git()
    {
        Init("sha1");
        _git.Check(["update-index", "--split-index"]);
        byte[] before = File.ReadAllBytes(Index);

        Assert.False(IndexStatWriter.TryRecord(_dir.Combine(".git"), Targets("a.bin"), "sha1"));
        Assert.Equal(before, File.ReadAllBytes(Index));
    }

    [Fact]
    public void A_racily_clean_entry_it_does_not_record_is_left_for_git_to_check()
    {
        Init("sha1");
        Backdate();
        // The racy case: z.txt changed (same size) in the very clock tick git took its stat data in, so the index
        // holds the changed file's stat data with the old blob, and an mtime as new as the index's: only git's
        // content check of racily clean entries can see the change. The rewritten index is newer; it must keep that check.
        ResetStat("a.bin");
        var targets = Targets("a.bin");
        string z = _dir.Combine("z.txt");
        var zBlob = IndexEntry.ReadAll(_git).Single(e => e.Path == "z.txt").Oid;
        File.WriteAllText(z, "yyy");
        File.SetLastWriteTimeUtc(z, DateTime.UtcNow.AddSeconds(-5)); // that tick was a while ago: the index written now is newer
        Assert.True(IndexStatWriter.TryRecord(_dir.Combine(".git"),
            new Dictionary<string, (string, IndexStatData)> { ["z.txt"] = (zBlob, OpenFileStamp.ForIndex(z)!.Value.Index) }, "sha1"));
        File.SetLastWriteTimeUtc(Index, File.GetLastWriteTimeUtc(z));

        Assert.True(IndexStatWriter.TryRecord(_dir.Combine(".git"), targets, "sha1"));

        Assert.Equal("z.txt", _git.Check(["diff", "--name-only"]).StdoutText.Trim());
    }
}
