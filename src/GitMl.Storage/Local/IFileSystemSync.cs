using Microsoft.Win32.SafeHandles;

namespace GitMl.Storage.Local;

/// <summary>
/// How a <see cref="LocalDirectoryBlobStore"/> makes what it wrote durable: the system calls, behind an interface so
/// that tests can see which ones a flush makes (a disk flush leaves no trace a test could read back).
/// </summary>
internal interface IFileSystemSync
{
    /// <summary>
    /// True where files and folders can be flushed after the fact (Linux: fsync(2) on a read-only descriptor), so
    /// puts leave durability to <see cref="IBlobStore.FlushAsync"/>; false elsewhere, where each put flushes its own
    /// file before publishing it, as .NET can.
    /// </summary>
    bool DefersDurability { get; }

    /// <summary>
    /// Writes a file's data to the disk and waits for it (sync_file_range(2), as git's core.fsyncMethod=batch does for
    /// each object), without the journal commit and disk-cache flush of an fsync. Done before the file is renamed into
    /// place: on journaling file systems (ext4, XFS, btrfs) the file's size and blocks are then logged before its new
    /// name, so a power cut before the next flush may lose the object, but does not leave it empty or short under
    /// its key. Does nothing where the call does not exist or the file system does not support it.
    /// </summary>
    /// <exception cref="IOException">Writing failed (an I/O error, a full disk; errno as HResult).</exception>
    void WriteOut(SafeFileHandle file, string path);

    /// <summary>fsync(2) of a file.</summary>
    /// <exception cref="FileNotFoundException">The file is gone (deleted since it was written).</exception>
    /// <exception cref="IOException">The flush failed; the errno is the HResult, as .NET's own IOExceptions have it.</exception>
    void SyncFile(string path);

    /// <summary>
    /// fsync(2) of a folder, which makes its entries (a file renamed in, a folder created) durable. Best effort: some
    /// network file systems refuse to flush a folder, and a file's own flush has then done what could be done.
    /// </summary>
    void SyncFolder(string path);

    /// <summary>
    /// syncfs(2): flushes everything written to the file system that holds <paramref name="path"/>, in one call.
    /// False when this system has no such call (the caller then flushes file by file).
    /// </summary>
    /// <exception cref="IOException">The flush failed (errno as HResult).</exception>
    bool TrySyncFileSystem(string path);
}
