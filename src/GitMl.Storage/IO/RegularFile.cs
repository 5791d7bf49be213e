using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Storage.IO;

/// <summary>
/// Opens a file for reading only when it is a regular file: a FIFO (whose open blocks until a writer comes), a
/// socket, a device (endless bytes) or a symbolic link (bytes from anywhere) where an object should be is refused
/// with a <see cref="SpecialFileException"/>, and never read or followed. On Linux the file is opened non-blocking
/// and without following a final symbolic link, then its type is checked on the open descriptor, so nothing can
/// swap it between the check and the read. Every reader of an object file (the local store, another local store,
/// a directory remote) goes through here.
/// </summary>
public static class RegularFile
{
    private const int ReadOnlyNonBlockingNoFollowCloseOnExec = 0x0 | 0x800 | 0x20000 | 0x80000;
    private const int NoSuchEntry = 2;
    private const int NotADirectory = 20;
    private const int TooManyLinks = 40; // ELOOP: the final component is a symbolic link (O_NOFOLLOW)
    private const int NoDeviceOrAddress = 6; // ENXIO: a socket
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint TypeMask = 0xF000;
    private const uint RegularType = 0x8000;
    private const uint FolderType = 0x4000;

    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="SpecialFileException">Something other than a regular file is there.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 0, FileOptions options = FileOptions.SequentialScan)
    {
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                throw new SpecialFileException(path, "a symbolic link");
            }
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize, options);
        }
        int fd = Libc.Open(path, ReadOnlyNonBlockingNoFollowCloseOnExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                NoSuchEntry => new FileNotFoundException($"{path} does not exist", path),
                NotADirectory => new DirectoryNotFoundException($"a folder on the way to {path} is not a folder"),
                TooManyLinks => new SpecialFileException(path, "a symbolic link"),
                NoDeviceOrAddress => new SpecialFileException(path, "a socket"),
                13 or 1 => new UnauthorizedAccessException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}"),
                _ => new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno),
            };
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            uint type = TypeOf(handle, path) & TypeMask;
            if (type != RegularType)
            {
                throw new SpecialFileException(path, Describe(type)) { IsFolder = type == FolderType };
            }
            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string Describe(uint type) => type switch
    {
        0x1000 => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x6000 => "a block device",
        FolderType => "a folder",
        0xC000 => "a socket",
        0xA000 => "a symbolic link",
        _ => "a special file",
    };

    /// <summary>The st_mode of an open file, from statx, whose layout is the same on every architecture.</summary>
    private static unsafe uint TypeOf(SafeFileHandle handle, string path)
    {
        byte* buffer = stackalloc byte[256];
        if (Libc.Statx((int)handle.DangerousGetHandle(), "", EmptyPath, 0x1 /* STATX_TYPE */, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        return *(ushort*)(buffer + 28); // stx_mode
    }


}

/// <summary>Something other than a regular file where a file's content was to be read.</summary>
public sealed class SpecialFileException(string path, string what)
    : IOException($"{path} is {what}, not a regular file; git-ml does not read or follow it. Remove it (and fetch the object again)")
{
    public string Path { get; } = path;

    /// <summary>A real folder (not a link to one) is there: in a store whose keys are paths, a folder of other keys.</summary>
    public bool IsFolder { get; init; }
}
