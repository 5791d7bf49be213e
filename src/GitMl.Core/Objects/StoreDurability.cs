using GitMl.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Core.Objects;

/// <summary>
/// Makes written objects durable, in batches. The store publishes each object by atomic rename as soon as its
/// bytes are complete (so a killed process never leaves a torn object under its final name) and the caller
/// syncs before it reports the whole operation done, as git's core.fsyncMethod=batch does.
/// <para>How a batch is synced depends on its size. A few objects are fsynced one by one, so nothing but
/// git-ml's own files is flushed. Many objects are flushed with one syncfs(2): an fsync per object costs about
/// 0.7 ms here, more than all the other work for a small file (5,000 files would wait 3.5 s), while one syncfs
/// costs about as much as one fsync (it also flushes other programs' pending writes on that file system, which
/// is the price of the batch). Large objects start their write-back while they are still being written
/// (<see cref="StartWriteBack"/>), so the final flush finds little left to do.</para>
/// </summary>
internal sealed class StoreDurability
{
    /// <summary>Batches up to this many objects are fsynced file by file.</summary>
    private const int FileByFileLimit = 64;

    private const uint WriteBackStart = 2; // SYNC_FILE_RANGE_WRITE

    private readonly object _gate = new();
    private readonly List<string> _pending = [];
    private readonly string _directory;

    public StoreDurability(string directory) => _directory = directory;

    public void Record(string path)
    {
        lock (_gate)
        {
            _pending.Add(path);
        }
    }

    /// <summary>
    /// Asks the kernel to start writing a range of a file being written to disk now, without waiting for it:
    /// the disk works while the writer goes on hashing. A hint; it does nothing where it is not available.
    /// </summary>
    public static void StartWriteBack(SafeFileHandle file, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Libc.SyncFileRange((int)file.DangerousGetHandle(), offset, length, WriteBackStart);
        }
    }

    public void Sync()
    {
        string[] batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            batch = [.. _pending];
            _pending.Clear();
        }
        if (batch.Length > FileByFileLimit && OperatingSystem.IsLinux() && TrySyncFileSystem(_directory))
        {
            return;
        }
        foreach (string path in batch)
        {
            if (File.Exists(path))
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
                RandomAccess.FlushToDisk(handle);
            }
        }
    }

    private static bool TrySyncFileSystem(string directory)
    {
        // O_RDONLY (0) opens a directory too; O_DIRECTORY is left out because its value differs between architectures.
        int fd = Libc.Open(directory, 0);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            return Libc.SyncFs(fd) == 0;
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
