using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Objects;

namespace GitMl.Core.Tracking;

/// <summary>
/// Remembers what each blob of the index is to git-ml: the pointer it holds (its SHA-256 and size), or that it is
/// not a pointer. A blob id names its bytes, so an entry can never go stale: a no-op `git ml status` over 10,000
/// tracked files then reads no blob at all (no `git cat-file`, no parsing) where it used to read and parse every
/// pointer on every run. Kept in .git/ml/pointer-cache:
/// <code>
/// git-ml pointer cache 1
/// &lt;blob id&gt; &lt;sha256 hex&gt; &lt;size&gt;     a canonical pointer with no extra keys
/// &lt;blob id&gt; -                         not a pointer
/// sha256 &lt;hex&gt;                        the SHA-256 of every byte before this line
/// </code>
/// Pointers with extra keys are not cached (they are read each time). A file that is missing, unreadable, of
/// another version, or whose checksum does not match is ignored as a whole; it is only a cache. It is replaced
/// atomically but not flushed to disk: losing it costs one slower status, never a wrong one.
/// </summary>
public sealed class PointerCache
{
    private const string Header = "git-ml pointer cache 1";
    private const char NotAPointer = '-';

    private readonly string _path;
    private readonly Dictionary<string, Pointer?> _entries;
    private bool _changed;

    private PointerCache(string path, Dictionary<string, Pointer?> entries)
    {
        _path = path;
        _entries = entries;
    }

    public static string PathIn(MlRepository repo) => Path.Combine(repo.Store.Root, "pointer-cache");

    public int Count => _entries.Count;

    /// <summary>The cache at <paramref name="path"/>; empty when there is none or it cannot be trusted.</summary>
    public static PointerCache Load(string path)
    {
        var entries = new Dictionary<string, Pointer?>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                Parse(File.ReadAllBytes(path), entries);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            entries.Clear();
        }
        return new PointerCache(path, entries);
    }

    /// <summary>True when the blob is known: <paramref name="pointer"/> is its pointer, or null when it is not one.</summary>
    public bool TryGet(string blobOid, out Pointer? pointer) => _entries.TryGetValue(blobOid, out pointer);

    /// <summary>Records what a blob is (its pointer, or null: not a pointer).</summary>
    public void Remember(string blobOid, Pointer? pointer)
    {
        if (pointer is { ExtraKeys.Count: > 0 } || !IsBlobId(blobOid))
        {
            return;
        }
        if (!_entries.TryGetValue(blobOid, out var known) || !Equals(known, pointer))
        {
            _entries[blobOid] = pointer;
            _changed = true;
        }
    }

    /// <summary>Forgets every blob not in <paramref name="keep"/> (the whole index), so the file does not grow forever.</summary>
    public void KeepOnly(IReadOnlySet<string> keep)
    {
        foreach (string oid in _entries.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            _entries.Remove(oid);
            _changed = true;
        }
    }

    /// <summary>Writes the cache when it learned anything. Failing to write it is not an error.</summary>
    public void Save()
    {
        if (!_changed)
        {
            return;
        }
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var (oid, pointer) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            sb.Append(oid).Append(' ');
            if (pointer is null)
            {
                sb.Append(NotAPointer);
            }
            else
            {
                sb.Append(pointer.Oid.Hex).Append(' ').Append(pointer.Size.ToString(CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        string body = sb.ToString();
        sb.Append("sha256 ").Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(body)))).Append('\n');
        try
        {
            AtomicFile.WriteAllText(_path, sb.ToString(), flushToDisk: false);
            _changed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only repository, a full disk: the next run reads the blobs again.
        }
    }

    private static void Parse(byte[] bytes, Dictionary<string, Pointer?> entries)
    {
        // The last line is "sha256 <64 hex>\n" over everything before it.
        const int TrailerLength = 7 + 64 + 1;
        if (bytes.Length < TrailerLength || bytes[^1] != (byte)'\n' || !bytes.AsSpan(bytes.Length - TrailerLength).StartsWith("sha256 "u8))
        {
            throw new FormatException("no checksum line");
        }
        int bodyLength = bytes.Length - TrailerLength;
        string expected = Encoding.ASCII.GetString(bytes, bodyLength + 7, 64);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, bodyLength))), expected, StringComparison.Ordinal))
        {
            throw new FormatException("checksum mismatch");
        }
        string[] lines = Encoding.ASCII.GetString(bytes, 0, bodyLength).Split('\n');
        if (lines.Length < 1 || lines[0] != Header || lines[^1].Length != 0)
        {
            throw new FormatException("unknown header");
        }
        for (int i = 1; i < lines.Length - 1; i++)
        {
            string[] f = lines[i].Split(' ');
            if (f.Length == 2 && f[1] is [NotAPointer] && IsBlobId(f[0]))
            {
                entries[f[0]] = null;
            }
            else if (f.Length == 3 && IsBlobId(f[0]) && ObjectId.TryParse(f[1], out var oid)
                && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                entries[f[0]] = new Pointer(oid.Value, size);
            }
            else
            {
                throw new FormatException($"line {i + 1} is not an entry");
            }
        }
    }

    /// <summary>A git object id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.</summary>
    private static bool IsBlobId(string s) => s.Length is 40 or 64 && s.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
