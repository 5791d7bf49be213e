using GitMl.Core.Hooks;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Core.Tests.Registry;
using GitMl.Git;
using GitMl.Storage.IO;

namespace GitMl.Core.Tests.Hooks;

/// <summary>
/// RacilyCleanFiles on real repositories, as a checkout leaves them: git-ml files whose recorded stat data is git's own
/// and as new as the index. No filter is configured here, so git comparing a file's bytes with its pointer blob would
/// always find it modified: `git diff` tells which entries git trusts by their stat data alone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RacilyCleanFilesTests : IDisposable
{
    private readonly GitRepoFixture _repo = new();
    private readonly Dictionary<string, byte[]> _contents = [];

    public void Dispose() => _repo.Dispose();

    private string Index => Path.Combine(_repo.Path, ".git", "index");

    /// <summary>
    /// Three git-ml files checked out the way git does it: the pointer blob in the index, the object's bytes in the file,
    /// and the file's stat data recorded; the index then dated to the files' second, as when git writes it right after them.
    /// </summary>
    private void CheckedOut()
    {
        var recorded = new Dictionary<string, (string, IndexStatData)>(StringComparer.Ordinal);
        foreach (string name in new[] { "data/a.bin", "data/b.bin", "data/c.bin" })
        {
            byte[] content = System.Text.Encoding.UTF8.GetBytes($"the content of {name}, twenty-some bytes\n");
            _contents[name] = content;
            var stored = _repo.Repo.Store.Add(new MemoryStream(content));
            _repo.Write(name, new Pointer(stored.Oid, stored.Size).ToString());
        }
        _repo.Git.Check([.. GitCli.WithoutMlFilter, "add", "data"]);
        var entries = IndexEntry.ReadAll(_repo.Git).ToDictionary(e => e.Path);
        foreach (var (name, content) in _contents)
        {
            File.WriteAllBytes(Path.Combine(_repo.Path, name), content);
            recorded[name] = (entries[name].Oid, OpenFileStamp.ForIndex(Path.Combine(_repo.Path, name))!.Value.Index);
        }
        Assert.True(IndexStatWriter.TryRecord(Path.Combine(_repo.Path, ".git"), recorded, "sha1"));
        DateIndexToFiles();
    }

    /// <summary>Dates the index to the second of the oldest file: every file is then racily clean.</summary>
    private void DateIndexToFiles() =>
        File.SetLastWriteTimeUtc(Index, _contents.Keys.Select(name => File.GetLastWriteTimeUtc(Path.Combine(_repo.Path, name))).Min());

    /// <summary>What `git diff` finds modified: entries whose stat data git trusts cost nothing, the others are compared by content.</summary>
    private string[] Modified() => _repo.Git.Check([.. GitCli.WithoutMlFilter, "diff", "--name-only"]).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Files_holding_their_object_as_git_wrote_them_are_recorded_and_trusted()
    {
        CheckedOut();
        Assert.Equal(3, IndexStatWriter.RacilyClean(Path.Combine(_repo.Path, ".git"), "sha1").Count(e => e.Path.StartsWith("data/", StringComparison.Ordinal)));

        Assert.Equal(3, RacilyCleanFiles.Settle(_repo.Repo));

        Assert.Empty(Modified());
        Assert.DoesNotContain(IndexStatWriter.RacilyClean(Path.Combine(_repo.Path, ".git"), "sha1"), e => e.Path.StartsWith("data/", StringComparison.Ordinal));
        foreach (var (name, content) in _contents)
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(_repo.Path, name)));
        }
    }

    [Fact]
    public void A_file_changed_after_git_wrote_it_is_never_recorded_even_with_the_same_size_and_stat_data()
    {
        CheckedOut();
        string b = Path.Combine(_repo.Path, "data/b.bin");
        long mtime = FileStamp.Of(b)!.Value.MtimeNs;
        byte[] changed = [.. _contents["data/b.bin"]];
        changed[4] ^= 0x20;
        File.WriteAllBytes(b, changed);
        mtime -= 5_000_000_000; // git wrote it a while ago: any index written now is newer
        SetMtime(b, mtime);
        // The worst case: git's stat of b came after the change (same size, same clock tick), so the index's stat
        // data is exactly the changed file's, and only its bytes tell.
        var entries = IndexEntry.ReadAll(_repo.Git).ToDictionary(e => e.Path);
        Assert.True(IndexStatWriter.TryRecord(Path.Combine(_repo.Path, ".git"),
            new Dictionary<string, (string, IndexStatData)> { ["data/b.bin"] = (entries["data/b.bin"].Oid, OpenFileStamp.ForIndex(b)!.Value.Index) }, "sha1"));
        DateIndexToFiles();

        Assert.Equal(2, RacilyCleanFiles.Settle(_repo.Repo));

        Assert.Equal(["data/b.bin"], Modified());
        Assert.Equal(changed, File.ReadAllBytes(b));
        Assert.Equal(mtime, FileStamp.Of(b)!.Value.MtimeNs);
    }

    [Fact]
    public void A_file_whose_stat_data_is_not_what_git_recorded_is_left_to_git()
    {
        CheckedOut();
        string a = Path.Combine(_repo.Path, "data/a.bin");
        long mtime = FileStamp.Of(a)!.Value.MtimeNs;
        byte[] changed = [.. _contents["data/a.bin"]];
        changed[0] ^= 0x01;
        File.WriteAllBytes(a, changed);
        SetMtime(a, mtime); // same size and mtime; only the ctime tells

        Assert.Equal(2, RacilyCleanFiles.Settle(_repo.Repo));

        Assert.Contains("data/a.bin", Modified());
        Assert.Equal(mtime, FileStamp.Of(a)!.Value.MtimeNs);
    }

    [Fact]
    public void A_file_replaced_by_a_link_is_not_followed()
    {
        CheckedOut();
        string outside = Path.Combine(_repo.Path, ".git", "outside.bin");
        File.WriteAllBytes(outside, _contents["data/a.bin"]);
        long mtime = FileStamp.Of(outside)!.Value.MtimeNs;
        File.Delete(Path.Combine(_repo.Path, "data/a.bin"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "data/a.bin"), outside);

        Assert.Equal(2, RacilyCleanFiles.Settle(_repo.Repo));

        Assert.Contains("data/a.bin", Modified());
        Assert.Equal(mtime, FileStamp.Of(outside)!.Value.MtimeNs);
    }

    private static void SetMtime(string path, long mtimeNs)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.Equal(0, Libc.Futimens(handle, [0, Libc.TimeOmit, mtimeNs / 1_000_000_000, mtimeNs % 1_000_000_000]));
    }
}
