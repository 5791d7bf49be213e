using System.Globalization;
using System.Text;
using GitMl.Core.Pipelines.Hashing;

namespace GitMl.Core.Objects;

/// <summary>
/// A small file of "this file, with this stamp, holds object OID" records, one per line:
/// <c>SIZE MTIME_NS CTIME_NS INODE DEVICE OID[ KEY]</c>, where KEY (a path, possibly with spaces) is absent when the key
/// is the object itself. Records are appended (one write each) and the last record of a key wins; a line that does
/// not parse (a write cut short by a crash) is ignored, so the worst a torn file costs is a record, which only means
/// the bytes are read and hashed again. The file is rewritten without the stale lines once they dominate it.
/// <para>A stamp is trusted only while the file's size, mtime, ctime, inode and device are all unchanged: rewriting a
/// file changes its mtime and ctime, restoring its mtime (`touch -r`) changes its ctime, replacing it by a rename
/// changes its inode, and no program can set a ctime back. Git's index trusts a working file on the same fields.</para>
/// </summary>
internal sealed class StampRecords
{
    private const int CompactFloor = 256;

    private readonly string _file;
    private readonly object _gate = new();
    private Dictionary<string, (FileStamp Stamp, ObjectId Oid)>? _records;

    public StampRecords(string file) => _file = file;

    /// <summary>The object the file <paramref name="key"/> held when it had <paramref name="stamp"/>, or null when no record matches it exactly.</summary>
    public ObjectId? Lookup(string key, FileStamp stamp)
    {
        lock (_gate)
        {
            _records ??= Load();
            return _records.TryGetValue(key, out var record) && record.Stamp == stamp && stamp.Inode != 0 ? record.Oid : null;
        }
    }

    /// <summary>Whether any record names <paramref name="key"/> (without checking a stamp): a cheap test before a stat.</summary>
    public bool Has(string key)
    {
        lock (_gate)
        {
            _records ??= Load();
            return _records.ContainsKey(key);
        }
    }

    /// <summary>Records that the file <paramref name="key"/> holds <paramref name="oid"/> while it has <paramref name="stamp"/>.
    /// Best effort: a record that cannot be written only costs a hash later.</summary>
    public void Record(string key, FileStamp stamp, ObjectId oid)
    {
        if (stamp.Inode == 0 || key.Contains('\n') || key.Contains('\r'))
        {
            return; // No inode (statx missing): nothing would tell a replaced file apart. A name with a line break has no line.
        }
        string line = Format(key, stamp, oid);
        lock (_gate)
        {
            _records ??= Load();
            _records[key] = (stamp, oid);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
                using var stream = new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0);
                stream.Write(Encoding.UTF8.GetBytes(line));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private Dictionary<string, (FileStamp, ObjectId)> Load()
    {
        var records = new Dictionary<string, (FileStamp, ObjectId)>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(_file, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return records; // Missing or unreadable: no record, so everything is hashed as before.
        }
        foreach (string line in lines)
        {
            if (Parse(line) is { } record)
            {
                records[record.Key] = (record.Stamp, record.Oid);
            }
        }
        if (lines.Length > CompactFloor && lines.Length > 2 * records.Count)
        {
            Compact(records);
        }
        return records;
    }

    private void Compact(Dictionary<string, (FileStamp Stamp, ObjectId Oid)> records)
    {
        var text = new StringBuilder();
        foreach (var (key, (stamp, oid)) in records)
        {
            text.Append(Format(key, stamp, oid));
        }
        try
        {
            // A record another process appends while this rewrite runs can be lost: it is only a cache.
            IO.AtomicFile.WriteAllText(_file, text.ToString(), flushToDisk: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Format(string key, FileStamp s, ObjectId oid)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{s.Size} {s.MtimeNs} {s.CtimeNs} {s.Inode} {s.Device} {oid.Hex}");
        return key == oid.Hex ? line + "\n" : line + " " + key + "\n";
    }

    private static (string Key, FileStamp Stamp, ObjectId Oid)? Parse(string line)
    {
        string[] parts = line.Split(' ', 7);
        if (parts.Length < 6
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long mtime)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ctime)
            || !ulong.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
            || !ulong.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out ulong device)
            || !ObjectId.TryParse(parts[5], out var oid)
            || (parts.Length == 7 && parts[6].Length == 0))
        {
            return null;
        }
        return (parts.Length == 7 ? parts[6] : oid.Value.Hex, new FileStamp(size, mtime, ctime, inode, device), oid.Value);
    }
}
