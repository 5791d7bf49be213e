using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Git;

/// <summary>The byte-level readers of git's plumbing output.</summary>
public sealed class PlumbingParseTests
{
    [Fact]
    public void Index_entries_parse_modes_ids_stages_and_paths_from_the_bytes()
    {
        byte[] output = [.. "100644 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0\tdata/a b.txt\0"u8,
            .. "100755 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb 2\tx.sh\0"u8,
            .. "120000 cccccccccccccccccccccccccccccccccccccccc 0\tlink\0"u8,
            .. "160000 dddddddddddddddddddddddddddddddddddddddd 0\tsub\0"u8];

        var entries = IndexEntry.Parse(output);

        Assert.Equal(4, entries.Count);
        Assert.Equal(new IndexEntry("100644", new string('a', 40), 0, "data/a b.txt"), entries[0]);
        Assert.Equal(("100755", 2, "x.sh", true), (entries[1].Mode, entries[1].Stage, entries[1].Path, entries[1].IsRegularFile));
        Assert.False(entries[2].IsRegularFile);
        Assert.Equal("160000", entries[3].Mode);
        Assert.Null(entries[0].RawPath);
    }

    [Fact]
    public void An_index_entry_holds_its_id_as_bytes_and_gives_back_the_text_git_wrote()
    {
        const string sha1 = "0123456789abcdef0123456789abcdef01234567";
        const string sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        byte[] output = [.. System.Text.Encoding.ASCII.GetBytes($"100644 {sha1} 0\ta\0100644 {sha256} 0\tb\0")];

        var entries = IndexEntry.Parse(output);

        Assert.Equal(sha1, entries[0].Oid);
        Assert.Equal(sha256, entries[1].Oid);
        Assert.True(GitOid.TryParse(sha1, out var name) && name == entries[0].ObjectName);
        Assert.Equal(new IndexEntry("100644", sha1, 0, "a"), entries[0]);
        Assert.Equal(new IndexEntry("100644", sha1, 0, "a").GetHashCode(), entries[0].GetHashCode());
        Assert.NotEqual(new IndexEntry("100644", sha256, 0, "b"), entries[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789ABCDEF0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456")]
    [InlineData("0123456789abcdef0123456789abcdef012345678")]
    [InlineData("0123456789abcdef0123456789abcdef0123456g")]
    [InlineData("0123456789abcdef0123456789abcdef0123456\u0661")]
    public void A_git_id_is_40_or_64_lowercase_hex_digits_and_nothing_else(string text)
    {
        Assert.False(GitOid.TryParse(text, out var oid));
        Assert.False(oid.HasValue);
        Assert.False(GitOid.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));
        // An entry with such an id (none git writes) keeps its text as given.
        var entry = new IndexEntry("100644", text, 0, "a");
        Assert.Equal(text, entry.Oid);
        Assert.False(entry.ObjectName.HasValue);
    }

    [Fact]
    public void A_path_that_is_not_utf8_keeps_its_bytes()
    {
        byte[] path = [.. "bad-"u8, 0xff, .. ".bin"u8];
        byte[] output = [.. "100644 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee 0\t"u8, .. path, 0];

        var entry = Assert.Single(IndexEntry.Parse(output));

        Assert.Equal(path, entry.RawPath);
        Assert.Contains('\uFFFD', entry.Path);
    }

    [Fact]
    public void Index_entries_match_what_git_ls_files_lists()
    {
        using var repo = new GitRepoFixture();
        repo.Write("dir/é.txt", "x\n");
        repo.Write("run.sh", "#!/bin/sh\n");
        repo.Git.Check(["add", "."]);
        repo.Git.Check(["update-index", "--chmod=+x", "run.sh"]);

        var entries = IndexEntry.ReadAll(repo.Git);

        Assert.Equal(["README.md", "dir/é.txt", "run.sh"], entries.Select(e => e.Path));
        Assert.Equal(repo.Git.Check(["rev-parse", ":run.sh"]).StdoutText.Trim(), entries[2].Oid);
        Assert.Equal("100755", entries[2].Mode);
        Assert.Equal(["run.sh"], IndexEntry.ReadAll(repo.Git, [":(literal)run.sh"]).Select(e => e.Path));
    }

    [Fact]
    public void Detailed_entries_tell_which_ones_git_does_not_check_and_what_it_recorded_of_each_file()
    {
        using var repo = new GitRepoFixture();
        repo.Write("a.txt", "a\n");
        repo.Write("b.txt", "b\n");
        string c = repo.Write("c.txt", "ccc\n");
        repo.Git.Check(["add", "."]);
        repo.Git.Check(["update-index", "--assume-unchanged", "a.txt"]);
        repo.Git.Check(["update-index", "--skip-worktree", "b.txt"]);

        var entries = IndexEntry.ReadAll(repo.Git, detailed: true);

        Assert.Equal([("README.md", false), ("a.txt", true), ("b.txt", true), ("c.txt", false)], entries.Select(e => (e.Path, e.StatusUnchecked)));
        var stat = FileStatus(c);
        Assert.Equal(new IndexStat(stat.CtimeNs, stat.MtimeNs, stat.Device, stat.Inode, 4), entries[3].Recorded);
        Assert.All(IndexEntry.ReadAll(repo.Git), e => Assert.False(e.StatusUnchecked || e.Recorded is not null));
    }

    /// <summary>What git records of a file, from stat(1) (st_dev as the C library encodes it).</summary>
    private static (long CtimeNs, long MtimeNs, uint Device, uint Inode) FileStatus(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%d %i %.9Y %.9Z", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        string[] f = process.StandardOutput.ReadToEnd().Trim().Split(' ');
        process.WaitForExit();
        static long Ns(string t) => long.Parse(t.Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        return (Ns(f[3]), Ns(f[2]), (uint)ulong.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), (uint)ulong.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Reading_the_index_as_git_writes_it_gives_what_parsing_its_whole_output_gives()
    {
        using var repo = new GitRepoFixture();
        string blob = repo.Git.Check(["hash-object", "-w", "--stdin"], stdin: "x\n"u8.ToArray()).StdoutText.Trim();
        // Paths of many lengths: records fall across every edge of the 64 KB reads.
        string info = string.Concat(Enumerable.Range(0, 3000).Select(i => $"100644 {blob}\tdir/{new string('n', i % 300)}-{i}.txt\n"));
        repo.Git.Check(["update-index", "--index-info"], stdin: System.Text.Encoding.UTF8.GetBytes(info));

        foreach (bool detailed in new[] { false, true })
        {
            var streamed = IndexEntry.ReadAll(repo.Git, detailed: detailed);
            string[] args = detailed ? ["ls-files", "--stage", "-z", "-v", "--debug"] : ["ls-files", "--stage", "-z"];
            Assert.Equal(3001, streamed.Count);
            Assert.Equal(IndexEntry.Parse(repo.Git.Check(args).Stdout, detailed), streamed);
        }
        Assert.Throws<GitException>(() => IndexEntry.ReadAll(repo.Git, [":(bad-magic)x"]));
    }

    [Fact]
    public void Reading_the_staged_changes_as_git_writes_them_gives_what_parsing_the_whole_diff_gives()
    {
        using var repo = new GitRepoFixture();
        string blob = repo.Git.Check(["hash-object", "-w", "--stdin"], stdin: "x\n"u8.ToArray()).StdoutText.Trim();
        // Paths of many lengths: records (two NUL-ended fields each) fall across every edge of the 64 KB reads.
        string info = string.Concat(Enumerable.Range(0, 3000).Select(i => $"100644 {blob}\tdir/{new string('n', i % 300)}-{i}.txt\n"));
        repo.Git.Check(["update-index", "--index-info"], stdin: System.Text.Encoding.UTF8.GetBytes(info));

        var streamed = StagedChange.ReadAll(repo.Git);

        Assert.Equal(3000, streamed.Count);
        var whole = StagedChange.Parse(repo.Git.Check(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=AMT"]).Stdout);
        Assert.Equal(whole, streamed);
        Assert.All(streamed, c => Assert.Equal(blob, c.NewOid.ToString()));
    }

    [Fact]
    public void Detailed_records_of_another_shape_are_format_errors()
    {
        const string Entry = "H 100644 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0\tx\0";
        const string Debug = "  ctime: 1:2\n  mtime: 3:4\n  dev: 5\tino: 6\n  uid: 0\tgid: 0\n  size: 7\tflags: 0\n";
        var parsed = Assert.Single(IndexEntry.Parse(System.Text.Encoding.UTF8.GetBytes(Entry + Debug), detailed: true));
        Assert.Equal(new IndexStat(1_000_000_002, 3_000_000_004, 5, 6, 7), parsed.Recorded);
        Assert.True(Assert.Single(IndexEntry.Parse(System.Text.Encoding.UTF8.GetBytes("h" + Entry[1..] + Debug), detailed: true)).StatusUnchecked);
        foreach (string bad in new[] { Entry[2..] + Debug, Entry, Entry + Debug.Replace("1:2", "1:x", StringComparison.Ordinal), Entry + Debug[..^1], Entry + Debug.Replace("size", "sise", StringComparison.Ordinal) })
        {
            Assert.Throws<FormatException>(() => IndexEntry.Parse(System.Text.Encoding.UTF8.GetBytes(bad), detailed: true));
        }
    }

    [Fact]
    public void A_record_of_another_shape_is_a_format_error_not_a_crash()
    {
        Assert.Throws<FormatException>(() => IndexEntry.Parse("100644 abc\tpath\0"u8));
        Assert.Throws<FormatException>(() => StagedChange.Parse(":100644 100644 abc\0path\0"u8));
    }

    [Fact]
    public void Staged_changes_parse_from_the_bytes_and_match_git()
    {
        using var repo = new GitRepoFixture();
        repo.Write("README.md", "changed\n");
        repo.Write("new dir/ü.bin", "new\n");
        repo.Git.Check(["add", "."]);

        var changes = StagedChange.ReadAll(repo.Git);

        Assert.Equal([('M', "README.md"), ('A', "new dir/ü.bin")], changes.Select(c => (c.Status, c.Path)));
        Assert.Equal(repo.Git.Check(["rev-parse", ":new dir/ü.bin"]).StdoutText.Trim(), changes[1].NewOid.ToString());
        Assert.Equal("100644", changes[1].NewMode);
    }

    [Fact]
    public void Staged_changes_are_every_path_from_the_top_even_asked_in_a_folder_with_diff_relative_set()
    {
        // The pre-commit hook asks git before it knows where the top is: a setting must not narrow or rename the list.
        using var repo = new GitRepoFixture();
        repo.Write("top.bin", "top\n");
        repo.Write("sub/inner.bin", "inner\n");
        repo.Git.Check(["add", "."]);
        repo.Git.Check(["config", "diff.relative", "true"]);

        var changes = StagedChange.ReadAll(new GitCli(System.IO.Path.Combine(repo.Path, "sub")));

        Assert.Equal(["sub/inner.bin", "top.bin"], changes.Select(c => c.Path).Order(StringComparer.Ordinal));
    }
}
