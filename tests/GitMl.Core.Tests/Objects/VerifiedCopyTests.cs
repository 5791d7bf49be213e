using System.Diagnostics;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using static GitMl.Core.Tests.Objects.TestContent;

namespace GitMl.Core.Tests.Objects;

/// <summary>
/// Writing working files from objects the store verified before, without hashing them again: the shortcut must
/// never hand out bytes that differ from the object's name, however the object file was changed.
/// Stamps come from statx, so these run on Linux.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VerifiedCopyTests : IDisposable
{
    private const int Size = 3 << 20;
    private readonly TempDirectory _dir = new("verified-copy");
    private readonly ObjectStore _store;
    private readonly string _work;

    public VerifiedCopyTests()
    {
        _store = new ObjectStore(_dir.Combine("ml"));
        _work = _dir.Combine("work");
        Directory.CreateDirectory(_work);
    }

    public void Dispose() => _dir.Dispose();

    private string StampsFile => _dir.Combine("ml", "verified-stamps");

    private Pointer Add(byte[] content) => _store.Add(new MemoryStream(content)).ToPointer();

    private static void Touch(params string[] args)
    {
        using var touch = Process.Start(new ProcessStartInfo("touch", args) { UseShellExecute = false })!;
        touch.WaitForExit();
        Assert.Equal(0, touch.ExitCode);
    }

    /// <summary>Changes one byte of a read-only object in place and puts its mtime back exactly (`touch -r`), as a
    /// tool that keeps times would: only its ctime tells.</summary>
    private void CorruptInPlaceKeepingMtime(Pointer pointer)
    {
        string path = _store.PathOf(pointer.Oid);
        string reference = _dir.Combine("reference");
        File.WriteAllText(reference, "");
        Touch("-r", path, reference);
        var before = FileStamp.Of(path)!.Value;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserWrite);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = Size / 2;
            int b = file.ReadByte();
            file.Position = Size / 2;
            file.WriteByte((byte)(b ^ 0xff));
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Touch("-r", reference, path);
        var after = FileStamp.Of(path)!.Value;
        Assert.Equal((before.Size, before.MtimeNs, before.Inode), (after.Size, after.MtimeNs, after.Inode));
    }

    /// <summary>Renames a same-size file with other bytes and the object's exact mtime over the object.</summary>
    private void ReplaceByRenameKeepingMtime(Pointer pointer, byte[] other)
    {
        string path = _store.PathOf(pointer.Oid);
        string replacement = Path.Combine(Path.GetDirectoryName(path)!, "replacement");
        File.WriteAllBytes(replacement, other);
        Touch("-r", path, replacement);
        long mtime = FileStamp.Of(path)!.Value.MtimeNs;
        File.Move(replacement, path, overwrite: true);
        Assert.Equal(mtime, FileStamp.Of(path)!.Value.MtimeNs);
    }

    [Fact]
    public void A_stored_object_is_remembered_and_copied_intact()
    {
        byte[] content = Random(Size, 1);
        var pointer = Add(content);
        Assert.Contains(pointer.Oid.Hex, File.ReadAllText(StampsFile));

        var stamp = WorktreeContent.WriteFile(_store, pointer, _work, "a.bin", "a.bin");

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_work, "a.bin")));
        Assert.Equal(FileStamp.Of(Path.Combine(_work, "a.bin")), stamp);
        // The working file is a copy: writing to it leaves the object as it was.
        File.WriteAllBytes(Path.Combine(_work, "a.bin"), Random(Size, 2));
        _store.Verify(pointer.Oid);
    }

    [Fact]
    public void A_push_copies_without_reading_only_a_large_object_verified_and_unchanged_since()
    {
        var large = Add(Random(Size, 40));
        var small = Add(Random(1000, 41));

        using (var known = _store.OpenKnownGood(large.Oid))
        {
            Assert.NotNull(known);
            Assert.True(known.Unchanged());
        }
        Assert.Null(_store.OpenKnownGood(small.Oid)); // small objects are read and checked: never remembered

        CorruptInPlaceKeepingMtime(large);
        Assert.Null(_store.OpenKnownGood(large.Oid));
    }

    [Fact]
    public void An_object_changed_while_it_is_copied_for_a_push_is_no_longer_known_good()
    {
        var pointer = Add(Random(Size, 42));
        using var known = _store.OpenKnownGood(pointer.Oid);
        Assert.NotNull(known);

        CorruptInPlaceKeepingMtime(pointer);

        Assert.False(known.Unchanged());
    }

    [Fact]
    public void An_object_replaced_while_it_is_copied_for_a_push_is_no_longer_known_good()
    {
        var pointer = Add(Random(Size, 43));
        using var known = _store.OpenKnownGood(pointer.Oid);
        Assert.NotNull(known);

        ReplaceByRenameKeepingMtime(pointer, Random(Size, 44));

        // Unlinking the open file changed its ctime: the push goes the verified way, and the new file is not trusted.
        Assert.False(known.Unchanged());
        Assert.Null(_store.OpenKnownGood(pointer.Oid));
    }

    [Fact]
    public void An_object_changed_in_place_with_its_mtime_restored_is_caught_and_nothing_is_written()
    {
        var pointer = Add(Random(Size, 3));
        File.WriteAllText(Path.Combine(_work, "a.bin"), "old");
        CorruptInPlaceKeepingMtime(pointer);

        Assert.Throws<CorruptObjectException>(() => WorktreeContent.WriteFile(_store, pointer, _work, "a.bin", "a.bin"));

        Assert.Equal("old", File.ReadAllText(Path.Combine(_work, "a.bin")));
        Assert.Single(Directory.GetFiles(_work)); // No temporary file left beside it.
        Assert.False(_store.Contains(pointer.Oid)); // Quarantined.
    }

    [Fact]
    public void An_object_replaced_by_a_rename_with_the_same_size_and_mtime_is_caught()
    {
        var pointer = Add(Random(Size, 4));
        ReplaceByRenameKeepingMtime(pointer, Random(Size, 5));

        Assert.Throws<CorruptObjectException>(() => WorktreeContent.WriteFile(_store, pointer, _work, "a.bin", "a.bin"));
        Assert.False(File.Exists(Path.Combine(_work, "a.bin")));
    }

    [Fact]
    public void A_fresh_store_instance_trusts_the_record_of_another()
    {
        byte[] content = Random(Size, 6);
        var pointer = Add(content);
        var other = new ObjectStore(_dir.Combine("ml"));
        WorktreeContent.WriteFile(other, pointer, _work, "a.bin", "a.bin");
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_work, "a.bin")));
    }

    [Fact]
    public void An_object_without_a_record_is_hashed_while_copied_then_remembered()
    {
        byte[] content = Random(Size, 7);
        var pointer = Add(content);
        File.Delete(StampsFile);
        var store = new ObjectStore(_dir.Combine("ml"));

        WorktreeContent.WriteFile(store, pointer, _work, "a.bin", "a.bin");

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_work, "a.bin")));
        Assert.Contains(pointer.Oid.Hex, File.ReadAllText(StampsFile));
    }

    [Fact]
    public void A_corrupt_object_without_a_record_is_refused()
    {
        var pointer = Add(Random(Size, 8));
        File.Delete(StampsFile);
        CorruptInPlaceKeepingMtime(pointer);

        Assert.Throws<CorruptObjectException>(() => WorktreeContent.WriteFile(new ObjectStore(_dir.Combine("ml")), pointer, _work, "a.bin", "a.bin"));
        Assert.False(File.Exists(Path.Combine(_work, "a.bin")));
    }

    [Fact]
    public void Verify_reads_every_byte_even_when_a_record_matches()
    {
        var pointer = Add(Random(Size, 9));
        CorruptInPlaceKeepingMtime(pointer);
        // A record forged for the damaged file's current stamp: fsck's Verify must not take it on trust.
        var s = FileStamp.Of(_store.PathOf(pointer.Oid))!.Value;
        File.AppendAllText(StampsFile, $"{s.Size} {s.MtimeNs} {s.CtimeNs} {s.Inode} {s.Device} {pointer.Oid.Hex}\n");

        Assert.Throws<CorruptObjectException>(() => new ObjectStore(_dir.Combine("ml")).Verify(pointer.Oid));
    }

    [Fact]
    public void Torn_and_garbled_record_lines_are_ignored()
    {
        byte[] content = Random(Size, 10);
        var pointer = Add(content);
        File.AppendAllText(StampsFile, "1 2 3\nnot a record\n12345 1 2 3 4 " + pointer.Oid.Hex[..20]);
        CorruptInPlaceKeepingMtime(pointer);

        Assert.Throws<CorruptObjectException>(() => WorktreeContent.WriteFile(new ObjectStore(_dir.Combine("ml")), pointer, _work, "a.bin", "a.bin"));
    }

    [Fact]
    public void A_verified_object_that_checks_out_after_fsck_is_trusted_again()
    {
        byte[] content = Random(Size, 11);
        var pointer = Add(content);
        File.Delete(StampsFile);
        var store = new ObjectStore(_dir.Combine("ml"));
        store.Verify(pointer.Oid);
        Assert.Contains(pointer.Oid.Hex, File.ReadAllText(StampsFile));
    }

    [Fact]
    public void Adding_a_present_object_again_keeps_it_known_as_verified()
    {
        byte[] content = Random(Size, 12);
        var pointer = Add(content);
        Thread.Sleep(5);
        Add(content); // Freshens the object: new mtime and ctime.

        using var file = _store.OpenFile(pointer.Oid);
        Assert.True(_store.IsVerified(pointer.Oid, file.SafeFileHandle));
    }

    [Fact]
    public void Adding_again_an_object_damaged_since_does_not_make_it_trusted()
    {
        byte[] content = Random(Size, 13);
        var pointer = Add(content);
        CorruptInPlaceKeepingMtime(pointer);
        Add(content); // Same size: the damaged file is freshened, not rewritten (every read verifies it).

        Assert.Throws<CorruptObjectException>(() => WorktreeContent.WriteFile(new ObjectStore(_dir.Combine("ml")), pointer, _work, "a.bin", "a.bin"));
    }
}
