using GitMl.Core.Objects;
using GitMl.Protocol.PktLine;
using static GitMl.Core.Tests.Objects.TestContent;

namespace GitMl.Core.Tests.Objects;

public sealed class ObjectStoreTests : IDisposable
{
    private const int MiB = 1 << 20;
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private readonly TempDirectory _dir = new();
    private readonly ObjectStore _store;

    public ObjectStoreTests() => _store = new ObjectStore(_dir.Combine("ml"));

    public void Dispose() => _dir.Dispose();

    private string ExpectedPath(string hex) => _dir.Combine("ml", "objects", hex[..2], hex[2..4], hex);

    private static string[] FilesUnder(string directory) =>
        Directory.Exists(directory) ? [.. Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];

    private string[] ObjectFiles => FilesUnder(_store.ObjectsDirectory);

    private string[] TempFiles => FilesUnder(_store.TempDirectory);

    private string[] QuarantinedFiles => FilesUnder(_store.QuarantineDirectory);

    private byte[] ReadObject(ObjectId oid)
    {
        using var stream = _store.OpenRead(oid);
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Edits a (read-only) object in place, as disk damage or a careless tool would, and makes it read-only again.</summary>
    private static void Overwrite(string path, Action<FileStream> edit)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, File.GetAttributes(path) & ~FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserWrite);
        }
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            edit(file);
        }
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~AnyWrite);
        }
    }

    public static TheoryData<int> Sizes => [0, 1, 1000, MiB - 1, MiB, MiB + 1, 5 * MiB];

    // ---- adding ----

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Add_from_a_stream_stores_the_content_under_its_sha256(int size)
    {
        byte[] content = Random(size, size);
        string hex = Sha256Hex(content);

        var stored = _store.Add(new ChunkyStream(content));

        Assert.Equal(hex, stored.Oid.Hex);
        Assert.Equal(size, stored.Size);
        Assert.False(stored.AlreadyPresent);
        Assert.Equal([ExpectedPath(hex)], ObjectFiles);
        Assert.Equal(ExpectedPath(hex), _store.PathOf(stored.Oid));
        Assert.Equal(content, File.ReadAllBytes(ExpectedPath(hex)));
        Assert.Empty(TempFiles);
        Assert.True(_store.Contains(stored.Oid));
        Assert.Equal(size, _store.SizeOf(stored.Oid));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Add_from_memory_stores_the_content_under_its_sha256(int size)
    {
        byte[] content = Random(size, size + 1);

        var stored = _store.Add(content.AsSpan());

        Assert.Equal(Sha256Hex(content), stored.Oid.Hex);
        Assert.Equal(size, stored.Size);
        Assert.False(stored.AlreadyPresent);
        Assert.Equal(content, File.ReadAllBytes(ExpectedPath(stored.Oid.Hex)));
        Assert.Empty(TempFiles);
    }

    [Fact]
    public void The_empty_object_has_the_well_known_sha256()
    {
        var stored = _store.Add(new MemoryStream());

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", stored.Oid.Hex);
        Assert.Equal(0, _store.SizeOf(stored.Oid));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Objects_are_read_only_files(int size)
    {
        var stored = _store.Add(new ChunkyStream(Random(size, 3)));

        string path = _store.PathOf(stored.Oid);

        if (OperatingSystem.IsWindows())
        {
            Assert.True(File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly));
            return;
        }
        var mode = File.GetUnixFileMode(path);
        Assert.Equal(UnixFileMode.None, mode & (AnyWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
        Assert.True(mode.HasFlag(UnixFileMode.UserRead));
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(10, true)]
    [InlineData(MiB, false)]
    [InlineData(MiB + 1, false)]
    [InlineData(3 * MiB, false)]
    [InlineData(3 * MiB, true)]
    public void Adding_what_is_already_there_reports_AlreadyPresent_and_writes_nothing(int size, bool fromMemory)
    {
        byte[] content = Random(size, 5);
        var first = _store.Add(new MemoryStream(content));
        string path = _store.PathOf(first.Oid);
        // An old timestamp, and a second name for the file outside the store: a re-add refreshes the file's time (gc's
        // grace period goes by it), and only an in-place refresh, never a rewrite or replacement, shows under both names.
        var old = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);
        string sameFile = _dir.Combine("hard-link");
        using (var ln = System.Diagnostics.Process.Start("ln", [path, sameFile]))
        {
            ln.WaitForExit();
        }
        // Creating or deleting even a short-lived temporary file would change the temp folder's timestamp.
        Directory.CreateDirectory(_store.TempDirectory);
        Directory.SetLastWriteTimeUtc(_store.TempDirectory, old);
        string[] before = FilesUnder(_store.Root);

        var again = fromMemory ? _store.Add(content.AsSpan()) : _store.Add(new ChunkyStream(content));

        Assert.True(again.AlreadyPresent);
        Assert.Equal(first.Oid, again.Oid);
        Assert.Equal(size, again.Size);
        Assert.Equal(before, FilesUnder(_store.Root));
        Assert.True(File.GetLastWriteTimeUtc(path) > old, "a re-add refreshes the object's time");
        Assert.Equal(File.GetLastWriteTimeUtc(path), File.GetLastWriteTimeUtc(sameFile));
        Assert.Empty(TempFiles);
        if (size <= MiB)
        {
            // Small content is hashed in memory first: a re-add does not even write a temporary file.
            Assert.Equal(old, Directory.GetLastWriteTimeUtc(_store.TempDirectory));
        }
    }

    [Fact]
    public void Different_contents_get_different_objects()
    {
        var a = _store.Add("a"u8);
        var b = _store.Add("b"u8);

        Assert.NotEqual(a.Oid, b.Oid);
        Assert.Equal(2, ObjectFiles.Length);
        Assert.Equal("a"u8.ToArray(), ReadObject(a.Oid));
        Assert.Equal("b"u8.ToArray(), ReadObject(b.Oid));
    }

    // ---- reading and verifying ----

    [Theory]
    [MemberData(nameof(Sizes))]
    public void OpenRead_returns_the_content_and_verifies_it_silently(int size)
    {
        byte[] content = Random(size, 9);
        var oid = _store.Add(content.AsSpan()).Oid;

        using var stream = _store.OpenRead(oid);
        Assert.Equal(size, stream.Length);
        var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(size, stream.Position);
        Assert.Equal(0, stream.Read(new byte[10], 0, 10));
        _store.Verify(oid);
        Assert.True(_store.Contains(oid));
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(100, 99)]
    [InlineData(3 * MiB, 3 * MiB / 2)]
    [InlineData(3 * MiB, 3 * MiB - 1)]
    public void A_flipped_byte_is_caught_at_the_end_of_the_read_and_the_object_quarantined(int size, int offset)
    {
        byte[] content = Random(size, 13);
        var oid = _store.Add(content.AsSpan()).Oid;
        string path = _store.PathOf(oid);
        Overwrite(path, file =>
        {
            file.Position = offset;
            file.WriteByte((byte)(content[offset] ^ 0x01));
        });
        Assert.Equal(size, new FileInfo(path).Length);

        using var stream = _store.OpenRead(oid);
        var e = Assert.Throws<CorruptObjectException>(() => stream.CopyTo(Stream.Null));

        Assert.Equal(oid, e.Oid);
        Assert.False(_store.Contains(oid));
        Assert.Null(_store.SizeOf(oid));
        Assert.Empty(ObjectFiles);
        string quarantined = Assert.Single(QuarantinedFiles);
        Assert.Equal(quarantined, e.QuarantinePath);
        Assert.StartsWith(oid.Hex, Path.GetFileName(quarantined), StringComparison.Ordinal);
        byte[] kept = File.ReadAllBytes(quarantined);
        Assert.Equal(content.Length, kept.Length);
        Assert.NotEqual(content[offset], kept[offset]);
        Assert.Contains(quarantined, e.Message, StringComparison.Ordinal);
        Assert.Equal(oid, Assert.Throws<ObjectMissingException>(() => _store.OpenRead(oid)).Oid);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3 * MiB)]
    public void Bytes_appended_to_an_object_after_it_was_opened_are_never_read(int size)
    {
        // The reader is sized when the object opens; whatever is appended later (a careless tool, a hostile process
        // writing into .git/ml) was never hashed, so it must not reach the caller after the verified bytes.
        byte[] content = Random(size, 17);
        var oid = _store.Add(content.AsSpan()).Oid;
        string path = _store.PathOf(oid);

        using var stream = _store.OpenRead(oid);
        Overwrite(path, file =>
        {
            file.Position = file.Length;
            file.Write("appended, never verified"u8);
        });
        var copy = new MemoryStream();
        byte[] buffer = new byte[size];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, n);
        }

        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public void Verify_quarantines_a_corrupt_object_and_the_content_can_be_added_again()
    {
        byte[] content = Random(5000, 17);
        var oid = _store.Add(content.AsSpan()).Oid;
        Overwrite(_store.PathOf(oid), file => file.WriteByte((byte)(content[0] ^ 0xff)));

        Assert.Throws<CorruptObjectException>(() => _store.Verify(oid));
        Assert.False(_store.Contains(oid));

        var again = _store.Add(content.AsSpan());
        Assert.False(again.AlreadyPresent);
        Assert.Equal(content, ReadObject(oid));
    }

    [Fact]
    public void A_same_size_corrupt_object_is_trusted_by_Add_but_caught_by_the_next_read()
    {
        // The store's documented trade-off: Add checks the size only; every read checks the hash.
        byte[] content = Random(4000, 19);
        var oid = _store.Add(content.AsSpan()).Oid;
        Overwrite(_store.PathOf(oid), file => file.WriteByte((byte)(content[0] ^ 0xff)));

        Assert.True(_store.Add(content.AsSpan()).AlreadyPresent);
        Assert.Throws<CorruptObjectException>(() => ReadObject(oid));
        Assert.False(_store.Contains(oid));
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(2 * MiB, false)]
    [InlineData(1000, true)]
    [InlineData(2 * MiB, true)]
    public void A_wrong_size_object_under_the_final_name_is_quarantined_and_replaced_on_Add(int size, bool longer)
    {
        byte[] content = Random(size, 23);
        string hex = Sha256Hex(content);
        byte[] bogus = longer ? [.. content, 0] : content[..^1];
        Directory.CreateDirectory(Path.GetDirectoryName(ExpectedPath(hex))!);
        File.WriteAllBytes(ExpectedPath(hex), bogus);

        var stored = _store.Add(new ChunkyStream(content));

        Assert.False(stored.AlreadyPresent);
        Assert.Equal(hex, stored.Oid.Hex);
        Assert.Equal(content, File.ReadAllBytes(ExpectedPath(hex)));
        Assert.Equal(bogus, File.ReadAllBytes(Assert.Single(QuarantinedFiles)));
        Assert.Empty(TempFiles);
        Assert.Equal(content, ReadObject(stored.Oid));
    }

    [Fact]
    public void Quarantining_the_same_object_twice_in_quick_succession_keeps_both_copies()
    {
        byte[] content = Random(100, 73);
        string hex = Sha256Hex(content);
        var oid = ObjectId.Parse(hex);
        Directory.CreateDirectory(Path.GetDirectoryName(ExpectedPath(hex))!);

        var kept = new List<string?>();
        for (int i = 0; i < 5; i++)
        {
            File.WriteAllText(ExpectedPath(hex), $"bad copy {i}");
            kept.Add(_store.Quarantine(oid));
        }

        Assert.Equal(5, QuarantinedFiles.Length);
        Assert.Equal(5, kept.Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $"bad copy {i}").Order(StringComparer.Ordinal),
            QuarantinedFiles.Select(File.ReadAllText).Order(StringComparer.Ordinal));
        Assert.False(_store.Contains(oid));
    }

    [Fact]
    public void Missing_objects_are_reported_as_missing()
    {
        var oid = ObjectId.FromHash(new byte[32]);

        Assert.False(_store.Contains(oid));
        Assert.Null(_store.SizeOf(oid));
        Assert.Equal(oid, Assert.Throws<ObjectMissingException>(() => _store.OpenRead(oid)).Oid);
        Assert.Throws<ObjectMissingException>(() => _store.Verify(oid));
        Assert.Null(_store.Quarantine(oid));
    }

    // ---- verified adds and failures ----

    [Theory]
    [InlineData(100)]
    [InlineData(MiB + 1)]
    [InlineData(3 * MiB)]
    public void AddVerified_with_the_right_id_stores_the_object(int size)
    {
        byte[] content = Random(size, 29);
        var expected = ObjectId.Parse(Sha256Hex(content));

        var stored = _store.AddVerified(new ChunkyStream(content), expected, "remote origin");

        Assert.Equal(expected, stored.Oid);
        Assert.False(stored.AlreadyPresent);
        Assert.Equal(content, ReadObject(expected));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(MiB)]
    [InlineData(MiB + 1)]
    [InlineData(3 * MiB)]
    public void AddVerified_with_a_wrong_id_throws_and_stores_nothing(int size)
    {
        byte[] content = Random(size, 31);
        var actual = ObjectId.Parse(Sha256Hex(content));
        var claimed = ObjectId.Parse(Sha256Hex([.. content, 1]));

        var e = Assert.Throws<ContentMismatchException>(() => _store.AddVerified(new ChunkyStream(content), claimed, "s3://bucket/x"));

        Assert.Equal(claimed, e.Expected);
        Assert.Equal(actual, e.Actual);
        Assert.Equal("s3://bucket/x", e.ContentSource);
        Assert.Contains("s3://bucket/x", e.Message, StringComparison.Ordinal);
        Assert.False(_store.Contains(claimed));
        Assert.False(_store.Contains(actual));
        Assert.Empty(ObjectFiles);
        Assert.Empty(TempFiles);
    }

    [Theory]
    [InlineData(3 * MiB, 0)]
    [InlineData(3 * MiB, 500_000)]
    [InlineData(3 * MiB, MiB + 1)]
    [InlineData(3 * MiB, 5 * MiB / 2)]
    [InlineData(8 * MiB, 7 * MiB)]
    public void A_stream_that_fails_midway_leaves_no_object_and_no_temporary_file(int size, int failAfter)
    {
        byte[] content = Random(size, 37);
        var failing = new ChunkyStream(content, failAfter);

        Assert.Throws<ProtocolException>(() => _store.Add(failing));

        Assert.Empty(ObjectFiles);
        Assert.Empty(TempFiles);
        Assert.False(_store.Contains(ObjectId.Parse(Sha256Hex(content))));
        Assert.False(_store.Contains(ObjectId.Parse(Sha256Hex(content[..failAfter]))));
    }

    [Fact]
    public void A_failing_verified_add_leaves_the_store_usable()
    {
        byte[] content = Random(2 * MiB, 41);
        Assert.Throws<IOException>(() => _store.Add(new ChunkyStream(content, MiB + 100, new IOException("broken pipe"))));

        var stored = _store.Add(new ChunkyStream(content));

        Assert.False(stored.AlreadyPresent);
        Assert.Equal(content, ReadObject(stored.Oid));
        Assert.Empty(TempFiles);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2 * MiB)]
    public void Adds_still_work_after_the_store_folders_were_removed_under_a_live_instance(int size)
    {
        // A long-running filter process keeps one store for the whole session; the folders can go in the
        // meantime (the store cleared to free space, an empty fan-out folder pruned).
        byte[] first = Random(size, 47);
        byte[] second = Random(size, 53);
        var a = _store.Add(new ChunkyStream(first));
        Directory.Delete(_store.ObjectsDirectory, recursive: true);
        Directory.Delete(_store.TempDirectory, recursive: true);

        var again = _store.Add(new ChunkyStream(first));
        var b = _store.Add(new ChunkyStream(second));

        Assert.False(again.AlreadyPresent);
        Assert.Equal(a.Oid, again.Oid);
        Assert.Equal(first, ReadObject(a.Oid));
        Assert.Equal(second, ReadObject(b.Oid));
        Assert.Empty(TempFiles);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2 * MiB)]
    public void A_failure_to_publish_leaves_no_temporary_file(int size)
    {
        byte[] content = Random(size, 59);
        string hex = Sha256Hex(content);
        // A file where the object's fan-out folder should be: the object cannot be published.
        Directory.CreateDirectory(_store.ObjectsDirectory);
        File.WriteAllText(Path.Combine(_store.ObjectsDirectory, hex[..2]), "in the way");

        Assert.ThrowsAny<IOException>(() => _store.Add(new ChunkyStream(content)));

        Assert.Empty(TempFiles);
        Assert.False(_store.Contains(ObjectId.Parse(hex)));
    }

    // ---- housekeeping ----

    [Fact]
    public void RemoveStaleTemporaryFiles_removes_only_files_older_than_the_age()
    {
        Assert.Equal(0, _store.RemoveStaleTemporaryFiles(TimeSpan.FromHours(1)));

        Directory.CreateDirectory(_store.TempDirectory);
        string[] old = [Path.Combine(_store.TempDirectory, "1-old.tmp"), Path.Combine(_store.TempDirectory, "2-old.tmp")];
        string fresh = Path.Combine(_store.TempDirectory, "3-fresh.tmp");
        string almost = Path.Combine(_store.TempDirectory, "4-almost.tmp");
        foreach (string path in (string[])[.. old, fresh, almost])
        {
            File.WriteAllText(path, "x");
        }
        File.SetLastWriteTimeUtc(old[0], DateTime.UtcNow - TimeSpan.FromHours(2));
        File.SetLastWriteTimeUtc(old[1], DateTime.UtcNow - TimeSpan.FromDays(30));
        File.SetLastWriteTimeUtc(almost, DateTime.UtcNow - TimeSpan.FromMinutes(50));
        var kept = _store.Add(new ChunkyStream(Random(10, 1)));

        Assert.Equal(2, _store.RemoveStaleTemporaryFiles(TimeSpan.FromHours(1)));

        Assert.Equal([fresh, almost], TempFiles);
        Assert.True(_store.Contains(kept.Oid));
    }

    [Fact]
    public void Sync_does_not_throw_before_or_after_adds()
    {
        _store.Sync();
        _store.Add("small"u8);
        _store.Add(new ChunkyStream(Random(2 * MiB, 43)));
        _store.Sync();
        _store.Sync();
    }

    [Fact]
    public void Sync_does_not_throw_when_a_published_object_was_quarantined_since()
    {
        var oid = _store.Add("will go"u8).Oid;
        _store.Quarantine(oid);

        _store.Sync();
    }

    [Fact]
    public void The_layout_is_objects_tmp_and_quarantine_under_the_root()
    {
        Assert.Equal(_dir.Combine("ml"), _store.Root);
        Assert.Equal(_dir.Combine("ml", "objects"), _store.ObjectsDirectory);
        Assert.Equal(_dir.Combine("ml", "tmp"), _store.TempDirectory);
        Assert.Equal(_dir.Combine("ml", "quarantine"), _store.QuarantineDirectory);
    }

    // ---- concurrency ----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Eight_threads_adding_the_same_content_all_succeed_with_one_correct_object(bool sharedInstance)
    {
        for (int round = 0; round < 3; round++)
        {
            byte[] content = Random(3 * MiB, 100 + round);
            string hex = Sha256Hex(content);
            var results = new StoredObject[8];
            var errors = new List<Exception>();
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                try
                {
                    var store = sharedInstance ? _store : new ObjectStore(_store.Root);
                    start.SignalAndWait();
                    results[i] = store.Add(new MemoryStream(content));
                }
#pragma warning disable CA1031 // Collected and asserted on below.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Empty(errors);
            Assert.All(results, r => Assert.Equal(hex, r.Oid.Hex));
            Assert.All(results, r => Assert.Equal(content.Length, r.Size));
            Assert.Contains(results, r => !r.AlreadyPresent);
            Assert.Equal(round + 1, ObjectFiles.Length);
            Assert.Equal(content, ReadObject(results[0].Oid));
            Assert.Empty(TempFiles);
            Assert.Empty(QuarantinedFiles);
        }
    }
}
