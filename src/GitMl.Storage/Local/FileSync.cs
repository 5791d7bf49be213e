using System.Runtime.InteropServices;
using GitMl.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Storage.Local;

/// <summary>
/// The operating system's flushes. On Linux: fsync(2) and syncfs(2) on descriptors opened read-only, which is all
/// fsync needs, for files and folders alike (.NET has no API to flush a folder, nor a file it did not open for
/// writing). Elsewhere puts flush their own files (<see cref="DefersDurability"/> is false) and folders are left to
/// the file system: NTFS journals renames itself.
/// </summary>
internal sealed class FileSync : IFileSystemSync
{
    // O_RDONLY | O_CLOEXEC: the same values on every Linux architecture. O_DIRECTORY is not (x86-64 and arm64 differ),
    // and is not needed: a folder opened O_RDONLY can be fsynced.
    private const int ReadOnlyCloseOnExec = 0x80000;

    // sync_file_range(2): SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER.
    private const uint WriteAndWait = 1 | 2 | 4;

    // errno values of asm-generic, shared by x86-64 and arm64.
    private const int NoSuchFile = 2; // ENOENT
    private const int InvalidArgument = 22; // EINVAL
    private const int IllegalSeek = 29; // ESPIPE
    private const int NotImplemented = 38; // ENOSYS
    private const int NotSupported = 95; // EOPNOTSUPP

    private static volatile bool s_noSyncfs;

    public static FileSync Instance { get; } = new();

    public bool DefersDurability => OperatingSystem.IsLinux();

    public void SyncFile(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            Sync(path, bestEffort: false);
        }
    }

    public void SyncFolder(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            Sync(path, bestEffort: true);
        }
    }

    public void WriteOut(SafeFileHandle file, string path)
    {
        if (!OperatingSystem.IsLinux() || Libc.SyncFileRange(file, 0, 0, WriteAndWait) == 0)
        {
            return;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno is not (InvalidArgument or IllegalSeek or NotImplemented or NotSupported))
        {
            throw Failure(errno, path); // an I/O error or a full disk, found now rather than at the flush
        }
    }

    public bool TrySyncFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux() || s_noSyncfs)
        {
            return false;
        }
        int fd = OpenReadOnly(path);
        try
        {
            int result;
            try
            {
                result = Libc.SyncFs(fd);
            }
            catch (EntryPointNotFoundException)
            {
                s_noSyncfs = true; // a C library older than glibc 2.14, or one without it
                return false;
            }
            if (result == 0)
            {
                return true;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NotImplemented)
            {
                s_noSyncfs = true;
                return false;
            }
            throw Failure(errno, path);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    private static void Sync(string path, bool bestEffort)
    {
        int fd;
        try
        {
            fd = OpenReadOnly(path);
        }
        catch (IOException) when (bestEffort)
        {
            return;
        }
        try
        {
            if (Libc.Fsync(fd) != 0 && !bestEffort)
            {
                throw Failure(Marshal.GetLastPInvokeError(), path);
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    private static int OpenReadOnly(string path)
    {
        int fd = Libc.Open(path, ReadOnlyCloseOnExec);
        return fd >= 0 ? fd : throw Failure(Marshal.GetLastPInvokeError(), path);
    }

    private static IOException Failure(int errno, string path) => errno == NoSuchFile
        ? new FileNotFoundException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", path)
        : new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
}
