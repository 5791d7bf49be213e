using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitMl.Git;

/// <summary>The stat data git's index keeps for a working file (the fields of struct stat_data, as git stores them).</summary>
public readonly record struct IndexStatData(long CtimeNs, long MtimeNs, ulong Device, ulong Inode, uint Uid, uint Gid, long Size);

/// <summary>
/// Records the stat data of working files git-ml wrote itself into git's index, in place, so git takes them for up to
/// date without reading them. Without this, the only way is `git update-index --refresh`, which sends each whole file
/// through the clean filter (for a 1 GiB model that is most of a checkout). Only the stat fields of entries that
/// already name the expected blob are changed, and the size of entries git would have checked for being racily clean
/// is set to 0 as git does (see <see cref="Update"/>); everything else in the file is copied byte for byte, and the
/// file is replaced as git replaces it (index.lock created exclusively, written, renamed), with its checksum recomputed.
/// <para>Anything this writer does not fully understand makes it change nothing and return false, and the caller
/// refreshes through git: an index version other than 2, 3 or 4, a split index, a missing or mismatching entry, a
/// checksum that does not match, an index.lock held by someone else, or GIT_INDEX_FILE pointing elsewhere.</para>
/// </summary>
public static class IndexStatWriter
{
    private const int StatFieldsLength = 40; // ctime, mtime (sec, nsec each), dev, ino, mode, uid, gid, size

    /// <param name="gitDirectory">The worktree's git folder (its index is there).</param>
    /// <param name="files">Paths (relative to the top of the working tree) with the blob their entry must name and
    /// the stat data to record.</param>
    /// <param name="objectFormat">extensions.objectFormat (null or "sha1", or "sha256").</param>
    public static bool TryRecord(string gitDirectory, IReadOnlyDictionary<string, (string Oid, IndexStatData Stat)> files, string? objectFormat)
    {
        if (files.Count == 0 || Environment.GetEnvironmentVariable("GIT_INDEX_FILE") is { Length: > 0 })
        {
            return false;
        }
        string index = Path.Combine(gitDirectory, "index");
        string lockPath = index + ".lock";
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (IOException)
        {
            return false; // Another git holds the index: the caller's refresh waits for it the way git does.
        }
        bool written = false;
        try
        {
            using (lockFile)
            {
                var (bytes, modified) = ReadWithTime(index);
                if (!Update(bytes, files, objectFormat, modified))
                {
                    return false;
                }
                if (File.Exists(index) && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(lockFile.SafeFileHandle, File.GetUnixFileMode(index));
                }
                lockFile.Write(bytes);
            }
            File.Move(lockPath, index, overwrite: true);
            written = true;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            if (!written)
            {
                try
                {
                    File.Delete(lockPath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }

    /// <summary>Updates the stat fields in an index held in memory; false (with <paramref name="index"/> possibly
    /// half changed, so the caller must drop it) when the index is not one this writer handles or an entry is missing.</summary>
    /// <param name="indexWritten">When the index file was last written (its mtime), or null for an index that is not
    /// replacing one on disk. Git takes an entry whose mtime is not older than that second for racily clean and checks
    /// its content; the rewritten file is newer, so every such entry not updated here has its recorded size set to 0,
    /// as git itself marks racily clean entries when it writes an index (read-cache.c, ce_smudge_racily_clean_entry):
    /// git then checks that file's content once more, so a change made in the same second as git's stat is still seen.</param>
    public static bool Update(byte[] index, IReadOnlyDictionary<string, (string Oid, IndexStatData Stat)> files, string? objectFormat, DateTime? indexWritten = null)
    {
        if (Parse(index, objectFormat) is not { } parsed)
        {
            return false;
        }
        long racySecond = indexWritten is { } written ? UnixSeconds(written) : long.MaxValue;
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in parsed.Entries)
        {
            string path = Encoding.UTF8.GetString(entry.Name);
            if (entry.Stage == 0 && files.TryGetValue(path, out var target) && Encoding.UTF8.GetBytes(path).AsSpan().SequenceEqual(entry.Name))
            {
                string oid = Convert.ToHexStringLower(index.AsSpan(entry.At + StatFieldsLength, parsed.HashLength));
                uint mode = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(entry.At + 24));
                if (oid != target.Oid || (mode != 0x81a4 && mode != 0x81ed) || !found.Add(path))
                {
                    return false;
                }
                WriteStat(index.AsSpan(entry.At), target.Stat);
            }
            else if (BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(entry.At + 8)) >= racySecond
                     && BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(entry.At + 24)) != 0xe000 /* gitlinks are always checked */)
            {
                BinaryPrimitives.WriteUInt32BigEndian(index.AsSpan(entry.At + 36), 0);
            }
        }
        if (found.Count != files.Count)
        {
            return false;
        }
        if (!parsed.SkipHash)
        {
            Hash(index.AsSpan(0, parsed.Body), parsed.HashLength == 32).CopyTo(index.AsSpan(parsed.Body));
        }
        return true;
    }

    /// <summary>
    /// The regular-file entries (stage 0) of the index in <paramref name="gitDirectory"/> that git takes for racily
    /// clean: recorded with an mtime not older than the second the index was written, so git cannot trust their stat
    /// data and reads their content again at the next refresh (through the clean filter for filtered files). A
    /// checkout writes most files in the same second as the index. Empty when the index cannot be read or is not one
    /// <see cref="TryRecord"/> handles (then nothing would be recorded anyway).
    /// </summary>
    public static List<RecordedEntry> RacilyClean(string gitDirectory, string? objectFormat)
    {
        var racy = new List<RecordedEntry>();
        if (Environment.GetEnvironmentVariable("GIT_INDEX_FILE") is { Length: > 0 })
        {
            return racy;
        }
        byte[] index;
        DateTime written;
        try
        {
            (index, written) = ReadWithTime(Path.Combine(gitDirectory, "index"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return racy;
        }
        if (Parse(index, objectFormat) is not { } parsed)
        {
            return racy;
        }
        long racySecond = UnixSeconds(written);
        foreach (var entry in parsed.Entries)
        {
            var at = index.AsSpan(entry.At);
            uint mode = BinaryPrimitives.ReadUInt32BigEndian(at[24..]);
            if (entry.Stage != 0 || (mode != 0x81a4 && mode != 0x81ed) || BinaryPrimitives.ReadUInt32BigEndian(at[8..]) < racySecond)
            {
                continue;
            }
            string path = Encoding.UTF8.GetString(entry.Name);
            if (!Encoding.UTF8.GetBytes(path).AsSpan().SequenceEqual(entry.Name))
            {
                continue; // Not valid UTF-8: .NET cannot name the file.
            }
            racy.Add(new RecordedEntry(path, Convert.ToHexStringLower(at.Slice(StatFieldsLength, parsed.HashLength)), ReadStat(at)));
        }
        return racy;
    }

    /// <summary>An entry's path, blob and recorded stat data as git's index holds them: 32-bit seconds, nanoseconds,
    /// device, inode and size (see <see cref="SameAsRecorded"/>).</summary>
    public sealed record RecordedEntry(string Path, string Oid, IndexStatData Stat);

    /// <summary>
    /// Whether a file's stat data is what git recorded for it (the fields git compares, as git truncates them to 32 bits),
    /// the size aside: git sets it to 0 on entries it found racily clean.
    /// </summary>
    public static bool SameAsRecorded(IndexStatData recorded, IndexStatData now) =>
        recorded.CtimeNs == Truncated(now.CtimeNs) && recorded.MtimeNs == Truncated(now.MtimeNs)
        && recorded.Inode == (uint)now.Inode && recorded.Device == (uint)now.Device;

    private static long Truncated(long ns) => ((long)(uint)(ns / 1_000_000_000) * 1_000_000_000) + (ns % 1_000_000_000);

    private static IndexStatData ReadStat(ReadOnlySpan<byte> entry)
    {
        static long Time(ReadOnlySpan<byte> b) =>
            ((long)BinaryPrimitives.ReadUInt32BigEndian(b) * 1_000_000_000) + BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        return new IndexStatData(Time(entry), Time(entry[8..]), BinaryPrimitives.ReadUInt32BigEndian(entry[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(entry[20..]), BinaryPrimitives.ReadUInt32BigEndian(entry[28..]),
            BinaryPrimitives.ReadUInt32BigEndian(entry[32..]), BinaryPrimitives.ReadUInt32BigEndian(entry[36..]));
    }

    /// <summary>The index's bytes and its mtime, both from one open file (a rename over it meanwhile cannot mix two).</summary>
    private static (byte[] Bytes, DateTime Written) ReadWithTime(string index)
    {
        using var handle = File.OpenHandle(index, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
            {
                throw new IOException($"{index} ended early");
            }
            read += n;
        }
        return (bytes, File.GetLastWriteTimeUtc(handle));
    }

    private static long UnixSeconds(DateTime utc) => (long)Math.Floor((utc - DateTime.UnixEpoch).TotalSeconds);

    /// <summary>Where each entry of an index starts, with its stage and name, and where its hashed body ends.</summary>
    private sealed record ParsedIndex(List<(int At, int Stage, byte[] Name)> Entries, int Body, int HashLength, bool SkipHash);

    /// <summary>
    /// Walks an index of version 2, 3 or 4 whose checksum matches (or is zero: index.skipHash) and that is not split;
    /// null for anything else, which the callers then leave alone.
    /// </summary>
    private static ParsedIndex? Parse(byte[] index, string? objectFormat)
    {
        bool sha256 = string.Equals(objectFormat, "sha256", StringComparison.OrdinalIgnoreCase);
        int hashLength = sha256 ? 32 : 20;
        if (index.Length < 12 + hashLength || !index.AsSpan(0, 4).SequenceEqual("DIRC"u8))
        {
            return null;
        }
        uint version = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(4));
        if (version is < 2 or > 4)
        {
            return null;
        }
        int body = index.Length - hashLength;
        var trailer = index.AsSpan(body);
        bool skipHash = !trailer.ContainsAnyExcept((byte)0);
        if (!skipHash && !trailer.SequenceEqual(Hash(index.AsSpan(0, body), sha256)))
        {
            return null;
        }
        uint count = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(8));
        var entries = new List<(int, int, byte[])>((int)Math.Min(count, (uint)body / 62));
        int at = 12;
        byte[] previousName = [];
        for (uint i = 0; i < count; i++)
        {
            int fixedLength = StatFieldsLength + hashLength + 2;
            if (at + fixedLength > body)
            {
                return null;
            }
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(index.AsSpan(at + StatFieldsLength + hashLength));
            int nameAt = at + fixedLength;
            if ((flags & 0x4000) != 0)
            {
                if (version < 3)
                {
                    return null;
                }
                nameAt += 2;
            }
            int stage = (flags >> 12) & 0x3;
            byte[] name;
            int next;
            if (version == 4)
            {
                // Prefix compression: a varint of bytes to drop from the previous name, then the rest, NUL-ended.
                int p = nameAt;
                if (!TryReadOffsetVarint(index, ref p, body, out long strip) || strip > previousName.Length)
                {
                    return null;
                }
                int end = Array.IndexOf(index, (byte)0, p, body - p);
                if (end < 0)
                {
                    return null;
                }
                name = [.. previousName.AsSpan(0, previousName.Length - (int)strip), .. index.AsSpan(p, end - p)];
                next = end + 1;
            }
            else
            {
                int end = Array.IndexOf(index, (byte)0, nameAt, body - nameAt);
                if (end < 0)
                {
                    return null;
                }
                name = index.AsSpan(nameAt, end - nameAt).ToArray();
                int entryLength = nameAt - at + name.Length;
                next = at + ((entryLength + 8) & ~7);
            }
            if (next > body)
            {
                return null;
            }
            entries.Add((at, stage, name));
            previousName = name;
            at = next;
        }
        return HasSplitIndex(index, at, body) ? null : new ParsedIndex(entries, body, hashLength, skipHash);
    }

    /// <summary>The stat fields as git's fill_stat_data stores them: 32-bit values, the device as the kernel's st_dev.</summary>
    private static void WriteStat(Span<byte> entry, IndexStatData s)
    {
        BinaryPrimitives.WriteUInt32BigEndian(entry, (uint)(s.CtimeNs / 1_000_000_000));
        BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)(s.CtimeNs % 1_000_000_000));
        BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)(s.MtimeNs / 1_000_000_000));
        BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)(s.MtimeNs % 1_000_000_000));
        BinaryPrimitives.WriteUInt32BigEndian(entry[16..], (uint)s.Device);
        BinaryPrimitives.WriteUInt32BigEndian(entry[20..], (uint)s.Inode);
        BinaryPrimitives.WriteUInt32BigEndian(entry[28..], s.Uid);
        BinaryPrimitives.WriteUInt32BigEndian(entry[32..], s.Gid);
        BinaryPrimitives.WriteUInt32BigEndian(entry[36..], (uint)s.Size);
    }

    /// <summary>Whether the extensions after the entries include a split-index link (entries live in another file then).</summary>
    private static bool HasSplitIndex(byte[] index, int at, int body)
    {
        while (at + 8 <= body)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(at + 4));
            if (index.AsSpan(at, 4).SequenceEqual("link"u8))
            {
                return true;
            }
            if (length > (uint)(body - at - 8))
            {
                return true; // Not understood: treat as unsafe.
            }
            at += 8 + (int)length;
        }
        return false;
    }

    /// <summary>Git's "offset" varint (varint.c): 7 bits a byte, most significant first, each continuation adding one.</summary>
    private static bool TryReadOffsetVarint(byte[] data, ref int at, int end, out long value)
    {
        value = 0;
        if (at >= end)
        {
            return false;
        }
        byte c = data[at++];
        value = c & 0x7f;
        while ((c & 0x80) != 0)
        {
            if (at >= end || value > (long.MaxValue >> 8))
            {
                return false;
            }
            c = data[at++];
            value = ((value + 1) << 7) | (uint)(c & 0x7f);
        }
        return true;
    }

    private static byte[] Hash(ReadOnlySpan<byte> data, bool sha256)
    {
        // Git's own choice of algorithm (SHA-1 unless the repository is sha256), not a security decision.
        using var hash = IncrementalHash.CreateHash(sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }
}
