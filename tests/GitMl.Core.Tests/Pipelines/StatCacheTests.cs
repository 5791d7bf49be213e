using GitMl.Core.Pipelines.Hashing;
using GitMl.Core.Tests.Registry;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>The stat cache answers only for the very file it hashed: same size, times, inode and device.</summary>
public sealed class StatCacheTests : IDisposable
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly TempDirectory _dir = new();
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public void Dispose() => _dir.Dispose();

    private string CachePath => _dir.Combine("stat-cache");

    private string File1(string content = "hello")
    {
        string path = _dir.Combine("f.bin");
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
        return path;
    }

    /// <summary>A cache that remembers <paramref name="path"/> as <see cref="Hash"/> (after the racy window), saved and loaded again.</summary>
    private StatCache Remembered(string path)
    {
        Thread.Sleep(2100); // the file's ctime must leave the racy window
        var cache = StatCache.Load(CachePath);
        cache.Remember("f.bin", path, FileStamp.Of(path)!.Value, Hash);
        cache.Save();
        return StatCache.Load(CachePath);
    }

    [Fact]
    public void An_unchanged_file_is_answered_and_a_file_rewritten_with_its_size_and_mtime_restored_is_not()
    {
        string path = File1();
        var cache = Remembered(path);
        Assert.Equal(Hash, cache.Lookup("f.bin", FileStamp.Of(path)!.Value));

        File.WriteAllText(path, "HELLO"); // same size
        File.SetLastWriteTimeUtc(path, LongAgo); // same mtime: only the ctime tells

        var stamp = FileStamp.Of(path)!.Value;
        Assert.Equal(5, stamp.Size);
        Assert.Equal((LongAgo - DateTime.UnixEpoch).Ticks * 100, stamp.MtimeNs);
        Assert.Null(cache.Lookup("f.bin", stamp));
    }

    [Fact]
    public void A_file_replaced_by_another_with_the_same_size_and_times_is_not_answered()
    {
        string path = File1();
        var cache = Remembered(path);
        var before = FileStamp.Of(path)!.Value;
        string other = _dir.Combine("other.bin");
        File.WriteAllText(other, "world");
        File.SetLastWriteTimeUtc(other, LongAgo);
        File.Move(other, path, overwrite: true);

        var after = FileStamp.Of(path)!.Value;
        Assert.NotEqual(before.Inode, after.Inode);
        Assert.Null(cache.Lookup("f.bin", after));
    }

    [Fact]
    public void A_file_changed_within_the_racy_window_or_while_it_was_read_is_not_remembered()
    {
        string path = File1(); // its ctime is now, whatever its mtime says
        var cache = StatCache.Load(CachePath);
        cache.Remember("f.bin", path, FileStamp.Of(path)!.Value, Hash);
        Assert.Null(cache.Lookup("f.bin", FileStamp.Of(path)!.Value));

        Thread.Sleep(2100);
        var before = FileStamp.Of(path)!.Value;
        File.WriteAllText(path, "changed while read");
        File.SetLastWriteTimeUtc(path, LongAgo);
        Thread.Sleep(2100);
        cache.Remember("f.bin", path, before, Hash);
        Assert.Null(cache.Lookup("f.bin", FileStamp.Of(path)!.Value));
        Assert.Null(cache.Lookup("f.bin", before));
    }

    [Fact]
    public void A_few_lookups_search_the_file_and_many_parse_it_with_the_same_answers()
    {
        string path = File1();
        Thread.Sleep(2100);
        var stamp = FileStamp.Of(path)!.Value;
        var cache = StatCache.Load(CachePath);
        cache.Remember("f.bin", path, stamp, Hash);
        cache.Remember("dir/f.bin", path, stamp, Hash.Replace('0', '1'));
        cache.Save();

        var loaded = StatCache.Load(CachePath);
        Assert.Equal(Hash, loaded.Lookup("f.bin", stamp)); // not the line of dir/f.bin, which ends the same way
        Assert.Equal(Hash.Replace('0', '1'), loaded.Lookup("dir/f.bin", stamp));
        Assert.Null(loaded.Lookup("r/f.bin", stamp));
        Assert.Null(loaded.Lookup("f.bin", stamp with { CtimeNs = stamp.CtimeNs + 1 }));
        for (int i = 0; i < 100; i++)
        {
            Assert.Null(loaded.Lookup($"other{i}", stamp));
        }
        Assert.Equal(Hash, loaded.Lookup("f.bin", stamp));
        Assert.Equal(Hash.Replace('0', '1'), loaded.Lookup("dir/f.bin", stamp));
    }

    [Fact]
    public void Lines_of_any_other_shape_are_ignored_when_the_whole_file_is_parsed()
    {
        var stamp = FileStamp.Of(File1())!.Value;
        string Line(string size, string path, string hash = Hash, string inode = "") =>
            $"{size}\t{stamp.MtimeNs}\t{stamp.CtimeNs}\t{(inode.Length > 0 ? inode : stamp.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture))}\t{stamp.Device}\t{hash}\t{path}";
        string size = stamp.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(CachePath, string.Join('\n',
            Line("+" + size, "plus"), Line(" " + size, "space"), Line("", "empty"), Line("99999999999999999999", "overflow"),
            Line(size, "inode-overflow", inode: "99999999999999999999"), Line(size, "short-hash", Hash[..10]), $"{size}\t1\t2\tmissing",
            Line(size, "tab\tin path"), Line(size, "last line without newline")));
        var cache = StatCache.Load(CachePath);
        for (int i = 0; i < 100; i++)
        {
            Assert.Null(cache.Lookup($"other{i}", stamp)); // past the searches: the whole file is parsed
        }
        foreach (string bad in (string[])["plus", "space", "empty", "overflow", "inode-overflow", "short-hash", "missing"])
        {
            Assert.Null(cache.Lookup(bad, stamp));
        }
        Assert.Equal(Hash, cache.Lookup("tab\tin path", stamp));
        Assert.Equal(Hash, cache.Lookup("last line without newline", stamp));
    }

    [Fact]
    public void The_first_lookups_read_a_large_file_in_pieces_and_find_lines_across_their_edges()
    {
        // 4,000 lines of varying length: ~600 KB, so lines fall across every 64 KB edge of the streamed reads.
        var lines = new List<(string Path, FileStamp Stamp, string Hash)>();
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 4000; i++)
        {
            var stamp = new FileStamp(i * 7919L, 1_600_000_000_000_000_000 + i, 1_600_000_000_000_000_001 + i, (ulong)(i * 104729), 2049);
            string path = $"data/{new string('p', i % 37)}/{i}.bin";
            string hash = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
            lines.Add((path, stamp, hash));
            text.Append($"{stamp.Size}\t{stamp.MtimeNs}\t{stamp.CtimeNs}\t{stamp.Inode}\t{stamp.Device}\t{hash}\t{path}\n");
        }
        File.WriteAllText(CachePath, text.ToString());

        for (int i = 0; i < lines.Count; i += 7)
        {
            var (path, stamp, hash) = lines[i];
            var cache = StatCache.Load(CachePath);
            Assert.Equal(hash, cache.Lookup(path, stamp)); // streamed
            Assert.Null(cache.Lookup(path + "x", stamp)); // streamed, to the end
            Assert.Equal(hash, cache.Lookup(path, stamp)); // from the bytes read whole
        }
        Assert.Null(StatCache.Load(_dir.Combine("missing")).Lookup("data/1.bin", lines[1].Stamp));
    }

    [Fact]
    public void Lines_of_the_older_format_are_ignored()
    {
        string path = File1();
        var info = new FileInfo(path);
        File.WriteAllText(CachePath, $"{info.Length}\t{info.LastWriteTimeUtc.Ticks}\t{Hash}\tf.bin\n");

        Assert.Null(StatCache.Load(CachePath).Lookup("f.bin", FileStamp.Of(path)!.Value));
    }

    [Fact]
    public void A_missing_file_has_no_stamp_and_a_link_is_stamped_as_itself()
    {
        Assert.Null(FileStamp.Of(_dir.Combine("nothing")));
        Assert.Null(FileStamp.Of(_dir.Combine("nothing", "below")));
        string path = File1("0123456789");
        string link = _dir.Combine("link");
        File.CreateSymbolicLink(link, path);
        Assert.NotEqual(FileStamp.Of(path)!.Value.Inode, FileStamp.Of(link)!.Value.Inode);
    }
}
