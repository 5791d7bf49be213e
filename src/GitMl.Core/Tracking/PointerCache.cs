using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>
/// Remembers what each blob of the index is to git-ml: the pointer it holds (its SHA-256 and size), a git-lfs pointer,
/// or neither. A blob id names its bytes, so an entry can never go stale: a no-op `git ml status` over 10,000 tracked
/// files then reads no blob at all (no `git cat-file`, no parsing) where it used to read and parse every pointer on
/// every run. Kept in .git/ml/pointer-cache-3 (<see cref="FileName"/>):
/// <code>
/// git-ml pointer cache 3
/// &lt;blob id&gt; &lt;sha256 hex&gt; &lt;size&gt;     a canonical git-ml pointer with no extra keys
/// &lt;blob id&gt; -                         neither a git-ml nor a git-lfs pointer
/// &lt;blob id&gt; lfs                       a git-lfs pointer (status and fsck name it at git-ml paths)
/// xxh128 &lt;hex&gt;                        the checksum of every byte before this line (<see cref="CacheChecksum"/>)
/// </code>
/// Pointers with extra keys are not cached (they are read each time). A file that is missing, unreadable, of
/// another version (version 1 did not tell git-lfs pointers apart; version 2 ended with a SHA-256), or whose checksum
/// does not match is ignored as a whole; it is only a cache. It is replaced atomically but not flushed to disk: losing it costs one slower status,
/// never a wrong one. One instance serves a whole command (<see cref="MlRepository.PointerCache"/>), so the file is
/// read once, and written only when something was learned or forgotten. Thread-safe: status classifies blobs for
/// its data and its pipeline side by side.
/// </summary>
public sealed class PointerCache
{
    private const string Header = "git-ml pointer cache 3";
    private const string ChecksumPrefix = "xxh128 ";
    private static ReadOnlySpan<byte> HeaderBytes => "git-ml pointer cache 3"u8;
    private static ReadOnlySpan<byte> ChecksumPrefixBytes => "xxh128 "u8;
    private const char NotAPointer = '-';
    private const string GitLfs = "lfs";

    /// <summary>
    /// What the cache knows of one blob: its git-ml pointer, or none and whether it is a git-lfs pointer; and the last
    /// whole-index lookup that met it (<see cref="LookUpIndex"/>), so <see cref="ForgetUnseen"/> needs no set of the index.
    /// </summary>
    private record struct Known(Pointer? Pointer, bool GitLfsPointer)
    {
        public int SeenIn;
    }

    private readonly object _gate = new();
    private readonly string _path;
    private readonly Dictionary<GitOid, Known> _entries;
    private bool _changed;
    private int _lookup;

    private PointerCache(string path, Dictionary<GitOid, Known> entries)
    {
        _path = path;
        _entries = entries;
    }

    /// <summary>
    /// The file's name holds its format's version, so that two builds of git-ml from before and after a format change,
    /// run on one repository (a benchmark's before and after, a user with two installs), each keep their own cache
    /// instead of discarding each other's at every run. An older build's file (pointer-cache) is left as it is.
    /// </summary>
    public const string FileName = "pointer-cache-3";

    public static string PathIn(MlRepository repo) => Path.Combine(repo.Store.Root, FileName);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Whether <see cref="Save"/> has anything to write.</summary>
    public bool HasChanges
    {
        get
        {
            lock (_gate)
            {
                return _changed;
            }
        }
    }

    /// <summary>The cache at <paramref name="path"/>; empty when there is none or it cannot be trusted.</summary>
    public static PointerCache Load(string path)
    {
        var entries = new Dictionary<GitOid, Known>();
        try
        {
            if (File.Exists(path))
            {
                Parse(path, entries);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            entries.Clear();
        }
        return new PointerCache(path, entries);
    }

    /// <summary>True when the blob is known: <paramref name="pointer"/> is its git-ml pointer, or null when it is not one.</summary>
    public bool TryGet(string blobOid, out Pointer? pointer)
    {
        pointer = null;
        return GitOid.TryParse(blobOid, out var key) && TryGet(key, out pointer);
    }

    /// <summary>Like <see cref="TryGet(string, out Pointer?)"/>, for a blob id held as bytes.</summary>
    public bool TryGet(GitOid blob, out Pointer? pointer)
    {
        lock (_gate)
        {
            Known known = default;
            bool found = blob.HasValue && _entries.TryGetValue(blob, out known);
            pointer = known.Pointer;
            return found;
        }
    }

    /// <summary>Whether the blob is a git-lfs pointer; null when the blob is not known.</summary>
    public bool? IsGitLfsPointer(string blobOid)
    {
        lock (_gate)
        {
            return GitOid.TryParse(blobOid, out var key) && _entries.TryGetValue(key, out var known) ? known.GitLfsPointer : null;
        }
    }

    /// <summary>Records what a blob is: its git-ml pointer, or null (not one) and whether it is a git-lfs pointer.</summary>
    public void Remember(string blobOid, Pointer? pointer, bool gitLfsPointer = false)
    {
        if (pointer is { ExtraKeys.Count: > 0 } || !GitOid.TryParse(blobOid, out var key))
        {
            return;
        }
        lock (_gate)
        {
            // Learned during a whole-index lookup: the index holds it (ForgetUnseen keeps it).
            var entry = new Known(pointer, pointer is null && gitLfsPointer) { SeenIn = _lookup };
            if (!_entries.TryGetValue(key, out var known) || known.GitLfsPointer != entry.GitLfsPointer || !Equals(known.Pointer, pointer))
            {
                _entries[key] = entry;
                _changed = true;
            }
            else
            {
                _entries[key] = known with { SeenIn = _lookup };
            }
        }
    }

    /// <summary>
    /// Looks up the blob of every regular-file entry of <paramref name="index"/> under one lock and one hash each:
    /// <paramref name="pointers"/>[i] is entry i's git-ml pointer when the cache knows it. Returns the positions of the
    /// entries whose blob the cache does not know. With <paramref name="wholeIndex"/>, the entries met are marked for
    /// <see cref="ForgetUnseen"/>.
    /// </summary>
    internal List<int> LookUpIndex(IReadOnlyList<IndexEntry> index, Pointer?[] pointers, bool wholeIndex)
    {
        var unknown = new List<int>();
        lock (_gate)
        {
            int stamp = wholeIndex ? ++_lookup : 0;
            for (int i = 0; i < index.Count; i++)
            {
                var entry = index[i];
                if (!entry.IsRegularFile)
                {
                    continue;
                }
                if (entry.ObjectName is not { HasValue: true } key)
                {
                    unknown.Add(i);
                    continue;
                }
                ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref known))
                {
                    unknown.Add(i);
                    continue;
                }
                pointers[i] = known.Pointer;
                if (wholeIndex)
                {
                    known.SeenIn = stamp;
                }
            }
        }
        return unknown;
    }

    /// <summary>
    /// After a whole-index <see cref="LookUpIndex"/> and the <see cref="Remember"/>s of its unknown blobs: forgets every
    /// blob neither met, so the file does not grow forever.
    /// </summary>
    internal void ForgetUnseen()
    {
        lock (_gate)
        {
            int stamp = _lookup;
            List<GitOid>? gone = null;
            foreach (var (oid, known) in _entries)
            {
                if (known.SeenIn != stamp)
                {
                    (gone ??= []).Add(oid);
                }
            }
            if (gone is null)
            {
                return;
            }
            foreach (var oid in gone)
            {
                _entries.Remove(oid);
            }
            _changed = true;
        }
    }

    /// <summary>Forgets every blob not in <paramref name="keep"/> (the whole index), so the file does not grow forever.</summary>
    public void KeepOnly(IReadOnlySet<string> keep)
    {
        lock (_gate)
        {
            if (_entries.Count <= keep.Count && _entries.Keys.All(k => keep.Contains(k.ToString())))
            {
                return;
            }
            foreach (var oid in _entries.Keys.Where(k => !keep.Contains(k.ToString())).ToList())
            {
                _entries.Remove(oid);
                _changed = true;
            }
        }
    }

    /// <summary>Writes the cache when it learned or forgot anything. Failing to write it is not an error.</summary>
    public void Save()
    {
        string text;
        lock (_gate)
        {
            if (!_changed)
            {
                return;
            }
            text = Render();
            _changed = false;
        }
        try
        {
            AtomicFile.WriteAllText(_path, text, flushToDisk: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only repository, a full disk: the next run reads the blobs again.
        }
    }

    private string Render()
    {
        var sb = new StringBuilder(Header.Length + 1 + (_entries.Count * 112) + 72).Append(Header).Append('\n');
        foreach (var (oid, known) in _entries.Select(e => (Oid: e.Key.ToString(), e.Value)).OrderBy(e => e.Oid, StringComparer.Ordinal))
        {
            sb.Append(oid).Append(' ');
            if (known.Pointer is { } pointer)
            {
                sb.Append(pointer.Oid.Hex).Append(' ').Append(pointer.Size.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(known.GitLfsPointer ? GitLfs : NotAPointer);
            }
            sb.Append('\n');
        }
        string body = sb.ToString();
        sb.Append(ChecksumPrefix).Append(Convert.ToHexStringLower(CacheChecksum.Of(Encoding.ASCII.GetBytes(body)))).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Reads the file line by line through one 64 KB buffer, summing it as it goes: only the blob ids and pointer ids
    /// become strings, and the file (1.1 MB for 10,000 blobs) is never held whole, which would cost ~280 fresh pages.
    /// Entries read before the checksum line are thrown away with the rest when it does not match (Load catches).
    /// </summary>
    private static void Parse(string path, Dictionary<GitOid, Known> entries)
    {
        using var file = File.OpenHandle(path);
        entries.EnsureCapacity((int)Math.Min(RandomAccess.GetLength(file) / 80, 1 << 20));
        var checksum = CacheChecksum.Incremental();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        Span<byte> expected = stackalloc byte[CacheChecksum.Length];
        Span<byte> actual = stackalloc byte[CacheChecksum.Length];
        try
        {
            int filled = 0;
            long offset = 0;
            int line = 1;
            bool summed = false;
            while (true)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(filled), offset);
                offset += read;
                var rest = buffer.AsSpan(0, filled + read);
                for (int newline; (newline = rest.IndexOf((byte)'\n')) >= 0; rest = rest[(newline + 1)..], line++)
                {
                    var text = rest[..newline];
                    if (summed)
                    {
                        throw new FormatException("bytes after the checksum");
                    }
                    if (text.StartsWith(ChecksumPrefixBytes))
                    {
                        // The last line: "xxh128 <32 hex>", over everything before it.
                        checksum.GetCurrentHash(actual);
                        if (text.Length != ChecksumPrefix.Length + (2 * CacheChecksum.Length)
                            || Convert.FromHexString(text[ChecksumPrefix.Length..], expected, out _, out int written) != OperationStatus.Done
                            || written != CacheChecksum.Length || !actual.SequenceEqual(expected))
                        {
                            throw new FormatException("checksum mismatch");
                        }
                        summed = true;
                        continue;
                    }
                    checksum.Append(rest[..(newline + 1)]);
                    if (line == 1)
                    {
                        if (!text.SequenceEqual(HeaderBytes))
                        {
                            throw new FormatException("unknown header");
                        }
                    }
                    else if (TryParseEntry(text, out var blob, out var known))
                    {
                        entries[blob] = known;
                    }
                    else
                    {
                        throw new FormatException($"line {line} is not an entry");
                    }
                }
                if (read == 0)
                {
                    if (rest.Length > 0 || !summed)
                    {
                        throw new FormatException("no checksum line");
                    }
                    return;
                }
                if (rest.Length == buffer.Length)
                {
                    throw new FormatException($"line {line} is too long");
                }
                rest.CopyTo(buffer);
                filled = rest.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryParseEntry(ReadOnlySpan<byte> line, out GitOid blob, out Known known)
    {
        blob = default;
        known = default;
        int space = line.IndexOf((byte)' ');
        if (space < 0 || !GitOid.TryParse(line[..space], out blob))
        {
            return false;
        }
        var value = line[(space + 1)..];
        if (value.SequenceEqual("-"u8))
        {
            known = new Known(null, false);
        }
        else if (value.SequenceEqual("lfs"u8))
        {
            known = new Known(null, true);
        }
        else
        {
            // "<64 hex> <size>", the size in canonical decimal (no sign, no leading zero).
            if (value.Length < ObjectId.HexLength + 2 || value[ObjectId.HexLength] != (byte)' ' || !ObjectId.TryParse(value[..ObjectId.HexLength], out var oid))
            {
                return false;
            }
            var digits = value[(ObjectId.HexLength + 1)..];
            if (!Utf8Parser.TryParse(digits, out long size, out int consumed) || consumed != digits.Length || digits[0] is < (byte)'0' or > (byte)'9' || size < 0)
            {
                return false;
            }
            known = new Known(new Pointer(oid, size), false);
        }
        return true;
    }
}
