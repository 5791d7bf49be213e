using System.Globalization;
using System.Text;
using GitMl.Core.IO;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// Remembers the SHA-256 of files by (size, modification time), so a file that has not changed since it was last
/// hashed is not read again: a no-op status over gigabytes costs one stat per file. Kept in .git/ml/stat-cache,
/// one line per file, rewritten atomically. A file modified within the last two seconds is not remembered: its
/// timestamp could stay the same through a further change (the same precaution git takes with racily clean files).
/// </summary>
public sealed class StatCache
{
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly Dictionary<string, (long Size, long Ticks, string Hash)> _entries;
    private bool _changed;

    private StatCache(string path, Dictionary<string, (long, long, string)> entries)
    {
        _path = path;
        _entries = entries;
    }

    public static StatCache Load(string path)
    {
        var entries = new Dictionary<string, (long, long, string)>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] f = line.Split('\t');
                if (f.Length == 4 && long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                    && long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
                {
                    entries[f[3]] = (size, ticks, f[2]);
                }
            }
        }
        return new StatCache(path, entries);
    }

    /// <summary>The remembered hash of a file whose size and modification time are still the same, or null.</summary>
    public string? Lookup(string relativePath, FileInfo file) =>
        _entries.TryGetValue(relativePath, out var e) && e.Size == file.Length && e.Ticks == file.LastWriteTimeUtc.Ticks ? e.Hash : null;

    public void Remember(string relativePath, FileInfo file, string hash)
    {
        file.Refresh();
        if (DateTime.UtcNow - file.LastWriteTimeUtc < RacyWindow)
        {
            return;
        }
        _entries[relativePath] = (file.Length, file.LastWriteTimeUtc.Ticks, hash);
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
        foreach (var (path, (size, ticks, hash)) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (path.Contains('\n', StringComparison.Ordinal) || path.Contains('\t', StringComparison.Ordinal))
            {
                continue;
            }
            sb.Append(size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(ticks.ToString(CultureInfo.InvariantCulture))
              .Append('\t').Append(hash).Append('\t').Append(path).Append('\n');
        }
        AtomicFile.WriteAllText(_path, sb.ToString());
        _changed = false;
    }
}
