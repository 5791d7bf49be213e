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
/// </summary>
public sealed class StatCache
{
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly Dictionary<string, (FileStamp Stamp, string Hash)> _entries;
    private bool _changed;

    private StatCache(string path, Dictionary<string, (FileStamp, string)> entries)
    {
        _path = path;
        _entries = entries;
    }

    public static StatCache Load(string path)
    {
        var entries = new Dictionary<string, (FileStamp, string)>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] f = line.Split('\t', 7);
                if (f.Length == 7 && long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                    && long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long mtime)
                    && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ctime)
                    && ulong.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
                    && ulong.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out ulong device)
                    && Objects.ObjectId.IsValidHex(f[5]))
                {
                    entries[f[6]] = (new FileStamp(size, mtime, ctime, inode, device), f[5]);
                }
            }
        }
        return new StatCache(path, entries);
    }

    /// <summary>The remembered hash of a file whose stamp is still the same, or null.</summary>
    public string? Lookup(string relativePath, FileStamp stamp) =>
        _entries.TryGetValue(relativePath, out var e) && e.Stamp == stamp ? e.Hash : null;

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
        _entries[relativePath] = (now, hash);
        _changed = true;
    }

    /// <summary>Writes the cache if anything was learned (atomically: a crash leaves the old one).</summary>
    public void Save()
    {
        if (!_changed)
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
