using System.Runtime.InteropServices;

namespace GitMl.Storage.Local;

/// <summary>
/// Makes a folder's entries durable. A file renamed into a folder survives a power cut only once the folder
/// itself is flushed (fsync(2) on the folder; .NET has no API for it). Best effort: some network file systems
/// refuse to fsync a folder, and a failure here never fails an operation whose data is already flushed. On
/// Windows, NTFS journals renames itself; other systems keep the rename as their file system does.
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY | O_CLOEXEC: the same values on every Linux architecture (O_DIRECTORY is not, and is not needed).
    private const int ReadOnlyCloseOnExec = 0x80000;

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        int fd = Open(folder, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return;
        }
        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
