using System.Runtime.InteropServices;
using GitMl.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Core.Objects;

/// <summary>
/// The three file-system calls the store makes for every object (create a file, create a folder, rename), made
/// directly on Linux. The portable .NET calls add checks around each: Directory.CreateDirectory stats every
/// parent, a FileStream seeks and takes a lock; for thousands of small objects those extra calls cost more
/// than the writes themselves. Other systems use the portable calls.
/// </summary>
internal static class NativeFiles
{
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int NoSuchEntry = 2;
    private const int AlreadyExists = 17;

    /// <summary>Creates a new file for writing with the given permissions; fails when it exists.</summary>
    /// <exception cref="DirectoryNotFoundException">Its folder does not exist.</exception>
    public static SafeFileHandle CreateNew(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsLinux())
        {
            var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(handle, mode);
            }
            return handle;
        }
        int fd = Libc.Open(path, WriteOnly | Create | Exclusive | CloseOnExec, (int)mode);
        if (fd < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), path);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Creates a folder and any missing parents; an existing folder is fine.</summary>
    public static void CreateDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (Libc.MakeDirectory(path, 0x1ff) == 0)
        {
            return;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno == AlreadyExists)
        {
            return;
        }
        if (errno == NoSuchEntry && Path.GetDirectoryName(path) is { } parent && parent != path)
        {
            CreateDirectory(parent);
            CreateDirectory(path);
            return;
        }
        throw Error(errno, path);
    }

    /// <summary>Renames a file, atomically replacing any file at <paramref name="to"/>.</summary>
    public static void Rename(string from, string to)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Move(from, to, overwrite: true);
            return;
        }
        if (Libc.Rename(from, to) != 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), to);
        }
    }

    /// <summary>
    /// Swaps two existing files atomically (renameat2 RENAME_EXCHANGE): each name holds one file or the other at every
    /// moment. False where that is not available (another system, a file system without it), or nothing is at
    /// <paramref name="to"/>; the caller renames instead. Used to put a new file in place of an old one on ext4,
    /// whose plain rename over an existing file flushes the new file's delayed allocation first (auto_da_alloc):
    /// 80 ms for 256 MiB, which the exchange does not pay.
    /// </summary>
    public static bool TryExchange(string from, string to)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        return Libc.RenameAt2(-100 /* AT_FDCWD */, from, -100, to, 2 /* RENAME_EXCHANGE */) == 0;
    }

    private static IOException Error(int errno, string path) => errno switch
    {
        NoSuchEntry => new DirectoryNotFoundException($"a folder on the way to {path} does not exist"),
        AlreadyExists => new IOException($"{path} already exists"),
        _ => new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}"),
    };
}
