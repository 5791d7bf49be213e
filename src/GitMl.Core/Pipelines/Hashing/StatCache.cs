using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GitMl.Core.IO;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// Remembers the SHA-256 of files by their <see cref="FileStamp"/> (size, mtime, ctime, inode, device), so a file
/// that has not changed since it was last hashed is not read again: a no-op status over gigabytes costs one stat per
/// file. A file changed in place, or replaced by another, changes its stamp even when size and mtime are kept. Kept
/// in .git/ml/stat-cache, one line per file ("size mtime ctime inode device hash path", tab-separated, times in
/// nanoseconds), rewritten atomically; lines of another shape (the older "size ticks hash path") are ignored, so
/// those files are hashed once more. A file changed within the last two seconds is not remembered: its timestamps
/// could stay the same through a further change (the same precaution git takes with racily clean files).
/// The file is read on the first lookup, not before, and the first few lookups search its bytes for their line
/// instead of parsing every line: a no-op status whose folders all answer from the <see cref="Folders"/> cache (kept
/// beside it) and that has a few single files to check turns none of the other lines into strings.
/// </summary>
public sealed class StatCache
{
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly string? _workTree;
    private Dictionary<string, (FileStamp Stamp, string Hash)>? _entries;
    private const int SearchesBeforeParsing = 64;
    private byte[]? _bytes;
    private int _searches;
    private bool _changed;

    private StatCache(string path, string? workTree)
    {
        _path = path;
        _workTree = workTree;
        Folders = new FolderCache(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, FolderCache.FileName));
    }

    /// <summary>The cache of whole folders (<see cref="FolderCache"/>), kept beside this one and saved with it.</summary>
    public FolderCache Folders { get; }

    /// <summary>The cache kept at <paramref name="path"/>; the file is read when first needed.</summary>
    /// <param name="workTree">Where the folders the cache names are: it forgets those that are gone (null: keeps them all).</param>
    public static StatCache Load(string path, string? workTree = null) => new(path, workTree);

    /// <summary>The repository's cache, in .git/ml/stat-cache (and the <see cref="FolderCache"/> beside it).</summary>
    public static StatCache For(MlRepository repo) => Load(Path.Combine(repo.Store.Root, "stat-cache"), repo.WorkTree);

    // The bytes the searches read, if they did.
    private Dictionary<string, (FileStamp Stamp, string Hash)> Entries => _entries ??= Read(_bytes ?? (File.Exists(_path) ? File.ReadAllBytes(_path) : []));

    /// <summary>Every line over the file's bytes: only the hash and the path of a line become strings (a no-op repro of 100 stages looks up more files than <see cref="SearchesBeforeParsing"/>).</summary>
    private static Dictionary<string, (FileStamp, string)> Read(ReadOnlySpan<byte> rest)
    {
        var entries = new Dictionary<string, (FileStamp, string)>(StringComparer.Ordinal);
        while (rest.Length > 0)
        {
            int newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (TryParse(line) is { } entry)
            {
                entries[entry.Path] = (entry.Stamp, entry.Hash);
            }
        }
        return entries;
    }

    private static (string Path, FileStamp Stamp, string Hash)? TryParse(string line) => TryParse(Encoding.UTF8.GetBytes(line));

    /// <summary>One line, "size mtime ctime inode device hash path" (tab-separated, numbers in plain decimal digits); null for any other shape.</summary>
    private static (string Path, FileStamp Stamp, string Hash)? TryParse(ReadOnlySpan<byte> line)
    {
        Span<ulong> numbers = stackalloc ulong[5];
        for (int i = 0; i < numbers.Length; i++)
        {
            int tab = line.IndexOf((byte)'\t');
            if (tab <= 0 || line[..tab].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
                || !Utf8Parser.TryParse(line[..tab], out numbers[i], out int consumed) || consumed != tab || (i < 3 && numbers[i] > long.MaxValue))
            {
                return null;
            }
            line = line[(tab + 1)..];
        }
        int hashEnd = line.IndexOf((byte)'\t');
        if (hashEnd < 0)
        {
            return null;
        }
        string hash = Encoding.UTF8.GetString(line[..hashEnd]);
        return Objects.ObjectId.IsValidHex(hash)
            ? (Encoding.UTF8.GetString(line[(hashEnd + 1)..]), new FileStamp((long)numbers[0], (long)numbers[1], (long)numbers[2], numbers[3], numbers[4]), hash)
            : null;
    }

    /// <summary>The remembered hash of a file whose stamp is still the same, or null.</summary>
    public string? Lookup(string relativePath, FileStamp stamp)
    {
        if (_entries is null && _searches < SearchesBeforeParsing && !relativePath.Contains('\t', StringComparison.Ordinal) && !relativePath.Contains('\n', StringComparison.Ordinal))
        {
            // A few paths (the single files of a pipeline whose folders the folder cache answered) are found in the
            // file's bytes, without turning its 10,000 other lines into strings.
            _searches++;
            return Search(relativePath) is { } found && found.Stamp == stamp ? found.Hash : null;
        }
        return Entries.TryGetValue(relativePath, out var e) && e.Stamp == stamp ? e.Hash : null;
    }

    /// <summary>The line of <paramref name="relativePath"/>: the one ending in a tab, the path and a newline (the path is the last field, and holds neither).</summary>
    private (string Path, FileStamp Stamp, string Hash)? Search(string relativePath)
    {
        byte[] needle = Encoding.UTF8.GetBytes($"\t{relativePath}\n");
        if (_bytes is null && _searches <= SearchesStreamed)
        {
            return SearchStreaming(needle);
        }
        _bytes ??= File.Exists(_path) ? File.ReadAllBytes(_path) : [];
        return Found(_bytes, _bytes.AsSpan().IndexOf(needle), needle.Length, atStart: true);
    }

    /// <summary>
    /// The first searches read the file through one 64 KB buffer instead of whole: a no-op status asks for a few lines
    /// (a pipeline's single files, some of them twice: an output of one stage is a dependency of the next) of a file
    /// that holds 10,000 (1.6 MB), and a fresh 1.6 MB array costs 400 page faults (~6 ms here) before a byte is read,
    /// where a streamed search of the whole file costs well under a millisecond.
    /// </summary>
    private const int SearchesStreamed = 8;

    /// <summary>The longest the fields before the path can be ("size mtime ctime inode device hash", tabs after each).</summary>
    private const int LongestFields = (5 * 20) + 64 + 6;

    private (string Path, FileStamp Stamp, string Hash)? SearchStreaming(byte[] needle)
    {
        // Each piece is searched with the end of the one before it kept in front: a line across two reads is found whole.
        int keep = needle.Length - 1 + LongestFields;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64 * 1024, 2 * (keep + 1)));
        try
        {
            using var file = File.OpenHandle(_path);
            int kept = 0;
            long offset = 0;
            while (RandomAccess.Read(file, buffer.AsSpan(kept), offset) is var n and > 0)
            {
                offset += n;
                int filled = kept + n;
                int at = buffer.AsSpan(0, filled).IndexOf(needle);
                if (at >= 0)
                {
                    return Found(buffer, at, needle.Length, atStart: offset == filled);
                }
                kept = Math.Min(filled, keep);
                buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
            }
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The entry whose line ends with the needle found at <paramref name="at"/> in <paramref name="bytes"/>, if it parses.</summary>
    /// <param name="atStart">Whether <paramref name="bytes"/> starts at the start of the file (else a line must start within it).</param>
    private static (string Path, FileStamp Stamp, string Hash)? Found(byte[] bytes, int at, int needleLength, bool atStart)
    {
        if (at < 0)
        {
            return null;
        }
        int newline = bytes.AsSpan(0, at).LastIndexOf((byte)'\n');
        if (newline < 0 && !atStart)
        {
            return null; // longer than any line of ours: not an entry
        }
        int start = newline + 1;
        return TryParse(Encoding.UTF8.GetString(bytes, start, at + needleLength - 1 - start));
    }

    /// <summary>
    /// Remembers <paramref name="hash"/> as the content of the file whose stamp was <paramref name="before"/> when its
    /// reading started; only when the file still has that stamp (it did not change while it was read) and it last
    /// changed outside the racy window.
    /// </summary>
    public void Remember(string relativePath, string fullPath, FileStamp before, string hash)
    {
        if (FileStamp.Of(fullPath) is not { } now || now != before || DateTime.UtcNow - now.LastChangeUtc < RacyWindow)
        {
            return;
        }
        Entries[relativePath] = (now, hash);
        _changed = true;
    }

    /// <summary>Writes the cache, and the <see cref="Folders"/> cache, if anything was learned (atomically: a crash leaves the old one).</summary>
    public void Save()
    {
        Folders.Save(_workTree);
        if (!_changed || _entries is null)
        {
            return;
        }
        var sb = new StringBuilder();
        foreach (var (path, (stamp, hash)) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (path.Contains('\n', StringComparison.Ordinal) || path.Contains('\t', StringComparison.Ordinal))
            {
                continue;
            }
            sb.Append(stamp.Size.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(stamp.MtimeNs.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(stamp.CtimeNs.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(stamp.Inode.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(stamp.Device.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(hash).Append('\t').Append(path).Append('\n');
        }
        AtomicFile.WriteAllText(_path, sb.ToString());
        _changed = false;
    }
}
