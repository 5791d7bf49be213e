using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Storage.IO;

/// <summary>
/// The C library calls git-ml makes where .NET has no equivalent (durable writes, no-follow opens, file types
/// without following links, signals, pipe sizes), declared once here, in the lowest project every caller references
/// (Storage; Core and Cli reference it). Each returns -1 and sets errno (Marshal.GetLastPInvokeError) on failure, as
/// in C. Linux (and, where noted by the callers, macOS) only: callers check the operating system first.
/// </summary>
public static unsafe partial class Libc
{
    /// <summary>open(2) without a mode (no O_CREAT).</summary>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    /// <summary>open(2) with a mode, for O_CREAT.</summary>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    public static partial int SyncFileRange(int fd, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    public static partial int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MakeDirectory(string path, int mode);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>statx(2) into a managed buffer of at least 256 bytes (struct statx), for code built without unsafe blocks.</summary>
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer);

    /// <summary>ioctl(2) with a descriptor argument (FICLONE: share the source's extents with the target).</summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeFileHandle fd, nuint request, nint argument);

    /// <summary>copy_file_range(2) between explicit offsets (the files' own positions are left alone).</summary>
    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    public static partial nint CopyFileRange(SafeFileHandle input, long* inputOffset, SafeFileHandle output, long* outputOffset, nuint length, uint flags);

    /// <summary>statx(2) of an open descriptor (AT_EMPTY_PATH with an empty path) into a buffer of at least 256 bytes.</summary>
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(SafeFileHandle dirfd, string path, int flags, uint mask, Span<byte> buffer);

    /// <summary>renameat2(2), for RENAME_EXCHANGE.</summary>
    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    /// <summary>futimens(2): sets an open file's access and modification times (two timespecs: seconds, nanoseconds;
    /// a nanosecond field of <see cref="TimeOmit"/> leaves that time as it is). The change time becomes now.</summary>
    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    public static partial int Futimens(SafeFileHandle fd, ReadOnlySpan<long> times);

    /// <summary>UTIME_OMIT, for <see cref="Futimens"/>.</summary>
    public const long TimeOmit = (1L << 30) - 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    /// <summary>execv(3): replaces this process's program, keeping its id, descriptors, folder and environment;
    /// returns only on failure. <paramref name="argv"/> ends with null.</summary>
    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Execv(string path, string?[] argv);

    /// <summary>statx(2) of a path given as NUL-terminated UTF-8 (relative to <paramref name="dirfd"/>): no string per call.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>openat(2) of a NUL-terminated UTF-8 path relative to <paramref name="dirfd"/>, without a mode (no O_CREAT).</summary>
    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(int dirfd, byte* path, int flags);

    /// <summary>fdopendir(3): a directory stream over an open folder, which closedir then closes; 0 on failure.</summary>
    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);

    /// <summary>readdir(3): the next struct dirent, or null at the end (errno 0) or on an error (errno set; the marshaller clears errno first).</summary>
    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    public static partial byte* ReadDir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint dir);
}
