using System.Buffers.Binary;
using System.Text;
using GitMl.Core.IO;
using GitMl.Storage.IO;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// Remembers, for each folder the <see cref="ContentHasher"/> hashed, the <see cref="FileStamp"/> of every file in it
/// in the order a <see cref="DirectoryWalk"/> meets them, with the folder's hash, size and file count. A folder whose
/// walk finds exactly the same files with exactly the same stamps (same names, same order, same size, mtime, ctime,
/// inode and device each) has the hash it had: a no-op status or repro over a folder of 10,000 files then costs one
/// readdir and one statx per file, and no lookup, string or hash per file. Anything else (a file added, deleted,
/// renamed, rewritten even with its size and mtime restored: its ctime moves; replaced: its inode changes) misses,
/// and the folder is hashed file by file through the <see cref="StatCache"/> as before. A folder is remembered only
/// when two walks, one before and one after it was hashed, saw the same stamps, all older than the racy window
/// (the precaution git takes with racily clean files).
/// Kept in .git/ml/folder-cache-2 (<see cref="FileName"/>; binary: a header line, the records, then the <see cref="CacheChecksum"/> of everything
/// before it); a file that is missing, of another version (version 1 ended with a SHA-256), or whose checksum does not
/// match is ignored as a whole: it is only a cache.
/// Read on first use, written atomically (not flushed: losing it costs one slower status). Thread-safe.
/// </summary>
public sealed class FolderCache
{
    private static readonly byte[] Header = "git-ml folder cache 2\n"u8.ToArray();
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);
    private const int StampLength = 5 * sizeof(long);

    private readonly object _gate = new();
    private readonly string _path;
    private Dictionary<string, Record>? _records;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private bool _changed;

    /// <summary>
    /// A folder as it was hashed: its hash, size and file count, and its walk (<see cref="Walked.Files"/>). A record read
    /// from the file holds a slice of the file's bytes rather than a copy: a folder of 10,000 files walks to 560 KB.
    /// </summary>
    private sealed record Record(string Hash, long Size, int FileCount, ReadOnlyMemory<byte> Files);

    /// <summary>The file's name, with its format's version in it, as <see cref="Tracking.PointerCache.FileName"/> does and for the same reason.</summary>
    public const string FileName = "folder-cache-2";

    public FolderCache(string path) => _path = path;

    /// <summary>
    /// What one walk of a folder saw: every file's path (relative to the folder) and stamp, encoded in walk order, and
    /// the newest change time among them (nanoseconds since the epoch).
    /// </summary>
    public sealed class Walked(byte[] files, int length, long newestChangeNs)
    {
        public ReadOnlySpan<byte> Files => files.AsSpan(0, length);

        public long NewestChangeNs => newestChangeNs;

        public bool SameAs(Walked other) => Files.SequenceEqual(other.Files);

        public int Length => length;
    }

    /// <summary>Walks <paramref name="fullFolder"/>; null when the walk met a link, a special file or an error (the caller hashes file by file, which explains it).</summary>
    /// <param name="sizeHint">How many bytes the walk is expected to take (<see cref="SizeHint"/>), so its buffer is allocated once.</param>
    public static Walked? Walk(string fullFolder, int sizeHint = 0)
    {
        byte[] buffer = new byte[Math.Max(sizeHint, 4096)];
        int length = 0;
        long newest = 0;
        var outcome = DirectoryWalk.Walk(fullFolder, (ReadOnlySpan<byte> path, in NativeStat stat) =>
        {
            int needed = length + 2 + path.Length + StampLength;
            if (path.Length > ushort.MaxValue)
            {
                return false;
            }
            if (needed > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
            }
            var span = buffer.AsSpan(length);
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)path.Length);
            path.CopyTo(span[2..]);
            span = span[(2 + path.Length)..];
            BinaryPrimitives.WriteInt64LittleEndian(span, stat.Size);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], stat.MtimeNs);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], stat.CtimeNs);
            BinaryPrimitives.WriteUInt64LittleEndian(span[24..], stat.Inode);
            BinaryPrimitives.WriteUInt64LittleEndian(span[32..], stat.Device);
            length = needed;
            newest = Math.Max(newest, Math.Max(stat.MtimeNs, stat.CtimeNs));
            return true;
        });
        return outcome == DirectoryWalk.Outcome.Completed ? new Walked(buffer, length, newest) : null;
    }

    /// <summary>The size of the folder's last walk, or 0 when it is not known.</summary>
    public int SizeHint(string relativeFolder)
    {
        lock (_gate)
        {
            return Records().TryGetValue(relativeFolder, out var known) ? known.Files.Length : 0;
        }
    }

    /// <summary>The folder's hash when <paramref name="walked"/> saw exactly what it held when it was remembered; otherwise null.</summary>
    public HashedPath? Lookup(string relativeFolder, Walked walked)
    {
        lock (_gate)
        {
            _used.Add(relativeFolder);
            return Records().TryGetValue(relativeFolder, out var known) && walked.Files.SequenceEqual(known.Files.Span)
                ? new HashedPath(relativeFolder, true, known.Hash, known.Size, known.FileCount)
                : null;
        }
    }

    /// <summary>
    /// The folder's hash when it holds exactly the files of its record and <paramref name="stillAsSeen"/> vouches for each
    /// (given its path relative to the folder, UTF-8, and the stamp the record's walk saw); otherwise null. For a caller
    /// that knows from elsewhere whether each file still has that stamp (<see cref="IndexedPaths"/>: git's own comparison
    /// of every file with the stat data the index recorded), so the folder is listed (getdents, names and types only)
    /// rather than walked with a statx per file. The listing must name the record's files in the record's order (a
    /// folder lists in the same order while nothing in it is added, removed or renamed): no lookup per file.
    /// </summary>
    public HashedPath? LookupVouched(string relativeFolder, string fullFolder, Func<ReadOnlySpan<byte>, NativeStat, bool> stillAsSeen)
    {
        lock (_gate)
        {
            _used.Add(relativeFolder);
            if (!Records().TryGetValue(relativeFolder, out var known))
            {
                return null;
            }
            var recorded = known.Files;
            int at = 0;
            var listing = DirectoryWalk.WalkNames(fullFolder, name =>
            {
                var files = recorded.Span;
                if (files.Length - at < 2 || BinaryPrimitives.ReadUInt16LittleEndian(files[at..]) is var length && files.Length - at - 2 - StampLength < length
                    || !files.Slice(at + 2, length).SequenceEqual(name))
                {
                    return false;
                }
                at += 2 + length + StampLength;
                return true;
            });
            if (listing != DirectoryWalk.Outcome.Completed || at != recorded.Length)
            {
                return null;
            }
            int count = 0;
            for (var files = recorded.Span; files.Length > 0; count++)
            {
                int length = BinaryPrimitives.ReadUInt16LittleEndian(files);
                var stamp = files[(2 + length)..];
                var stat = new NativeStat(BinaryPrimitives.ReadInt64LittleEndian(stamp), BinaryPrimitives.ReadInt64LittleEndian(stamp[8..]),
                    BinaryPrimitives.ReadInt64LittleEndian(stamp[16..]), BinaryPrimitives.ReadUInt64LittleEndian(stamp[24..]), BinaryPrimitives.ReadUInt64LittleEndian(stamp[32..]));
                if (!stillAsSeen(files.Slice(2, length), stat))
                {
                    return null;
                }
                files = files[(2 + length + StampLength)..];
            }
            return count == known.FileCount ? new HashedPath(relativeFolder, true, known.Hash, known.Size, known.FileCount) : null;
        }
    }

    /// <summary>
    /// Remembers <paramref name="hashed"/> as the folder that both walks saw; only when they saw the same stamps (nothing
    /// changed while it was hashed) and no file changed within the racy window.
    /// </summary>
    public void Remember(string relativeFolder, Walked? before, Walked? after, HashedPath hashed)
    {
        if (before is null || after is null || !before.SameAs(after) || hashed.FileCount is not { } count
            || DateTime.UtcNow - DateTime.UnixEpoch.AddTicks(after.NewestChangeNs / 100) < RacyWindow)
        {
            return;
        }
        lock (_gate)
        {
            _used.Add(relativeFolder);
            var records = Records();
            if (records.TryGetValue(relativeFolder, out var known) && known.Hash == hashed.Hash && known.Size == hashed.Size
                && known.FileCount == count && after.Files.SequenceEqual(known.Files.Span))
            {
                return;
            }
            records[relativeFolder] = new Record(hashed.Hash, hashed.Size, count, after.Files.ToArray());
            _changed = true;
        }
    }

    /// <summary>
    /// Writes the cache when it learned anything. Folders not asked about in this session are kept while they still
    /// exist under <paramref name="workTree"/> (all of them when it is null), so the file does not grow with folders
    /// long gone. Failing to write it is not an error.
    /// </summary>
    public void Save(string? workTree)
    {
        byte[] bytes;
        lock (_gate)
        {
            if (!_changed || _records is null)
            {
                return;
            }
            foreach (string gone in _records.Keys.Where(k => workTree is not null && !_used.Contains(k) && !Directory.Exists(Path.Combine(workTree, k))).ToList())
            {
                _records.Remove(gone);
            }
            bytes = Encode(_records);
            _changed = false;
        }
        try
        {
            AtomicFile.WriteAllBytes(_path, bytes, flushToDisk: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only repository, a full disk: the next run hashes file by file again.
        }
    }

    private Dictionary<string, Record> Records()
    {
        if (_records is null)
        {
            _records = new Dictionary<string, Record>(StringComparer.Ordinal);
            try
            {
                if (File.Exists(_path))
                {
                    Decode(File.ReadAllBytes(_path), _records);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                _records.Clear();
            }
        }
        return _records;
    }

    private static byte[] Encode(Dictionary<string, Record> records)
    {
        using var stream = new MemoryStream();
        stream.Write(Header);
        byte[] number = new byte[8];
        void Int(long value, int size)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, value);
            stream.Write(number, 0, size);
        }
        void Text(string value)
        {
            byte[] b = Encoding.UTF8.GetBytes(value);
            Int(b.Length, 4);
            stream.Write(b);
        }
        Int(records.Count, 4);
        foreach (var (folder, record) in records.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Text(folder);
            Text(record.Hash);
            Int(record.Size, 8);
            Int(record.FileCount, 4);
            Int(record.Files.Length, 4);
            stream.Write(record.Files.Span);
        }
        stream.Write(CacheChecksum.Of(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
        return stream.ToArray();
    }

    private static void Decode(byte[] bytes, Dictionary<string, Record> records)
    {
        const int ChecksumLength = CacheChecksum.Length;
        if (bytes.Length < Header.Length + 4 + ChecksumLength || !bytes.AsSpan().StartsWith(Header))
        {
            throw new FormatException("not a folder cache of this version");
        }
        int end = bytes.Length - ChecksumLength;
        if (!CacheChecksum.Matches(bytes.AsSpan(0, end), bytes.AsSpan(end)))
        {
            throw new FormatException("checksum mismatch");
        }
        int at = Header.Length;
        ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || length > end - at)
            {
                throw new FormatException("a record runs past the end");
            }
            at += length;
            return bytes.AsSpan(at - length, length);
        }
        int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        string Text() => Encoding.UTF8.GetString(Take(Int()));
        int count = Int();
        for (int i = 0; i < count; i++)
        {
            string folder = Text();
            string hash = Text();
            long size = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
            int fileCount = Int();
            int filesLength = Int();
            Take(filesLength);
            // A slice of the file's bytes (never written to): the record keeps the array alive, no copy is made.
            records[folder] = new Record(hash, size, fileCount, bytes.AsMemory(at - filesLength, filesLength));
        }
        if (at != end)
        {
            throw new FormatException("trailing bytes");
        }
    }
}
