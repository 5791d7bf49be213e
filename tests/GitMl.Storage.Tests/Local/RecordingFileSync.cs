using Microsoft.Win32.SafeHandles;
using System.Collections.Concurrent;
using GitMl.Storage.Local;

namespace GitMl.Storage.Tests.Local;

/// <summary>
/// Stands in for the system's flushes and records them, since a flush leaves no trace a test could read back.
/// It can play a system without syncfs, or a disk whose flushes fail.
/// </summary>
internal sealed class RecordingFileSync(bool defersDurability = true, bool hasSyncfs = true) : IFileSystemSync
{
    private readonly ConcurrentQueue<string> _calls = new();

    /// <summary>Thrown by every flush of a file, when set.</summary>
    public Func<string, Exception>? FileError { get; set; }

    public bool DefersDurability => defersDurability;

    /// <summary>The flushes made, in order, as "file PATH", "folder PATH" and "syncfs PATH".</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    public IEnumerable<string> Files => Calls.Where(c => c.StartsWith("file ", StringComparison.Ordinal)).Select(c => c[5..]);

    public IEnumerable<string> Folders => Calls.Where(c => c.StartsWith("folder ", StringComparison.Ordinal)).Select(c => c[7..]);

    /// <summary>Files written out (not flushes), each with its length then.</summary>
    public ConcurrentQueue<(string Path, long Length)> WrittenOut { get; } = new();

    public void WriteOut(SafeFileHandle file, string path)
    {
        WrittenOut.Enqueue((path, RandomAccess.GetLength(file)));
    }

    public void SyncFile(string path)
    {
        _calls.Enqueue("file " + path);
        if (FileError is { } error)
        {
            throw error(path);
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("gone", path); // as the real one says it
        }
    }

    public void SyncFolder(string path) => _calls.Enqueue("folder " + path);

    public bool TrySyncFileSystem(string path)
    {
        if (!hasSyncfs)
        {
            return false;
        }
        _calls.Enqueue("syncfs " + path);
        return true;
    }
}
