using System.Runtime.InteropServices;
using GitMl.Storage.IO;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// What the <see cref="StatCache"/> compares to tell that a file is the one it hashed: size, modification time and
/// change time (nanoseconds), inode and device. A file rewritten with its old size and mtime restored (`touch -r`,
/// an extraction that keeps times), or replaced by another file renamed over it, changes its ctime or inode, which
/// the program doing it cannot set back: git's own index compares the same fields. Read with one statx(2) without
/// following a link, in place of the stat a FileInfo makes; where statx is missing only size and mtime are known.
/// </summary>
public readonly record struct FileStamp(long Size, long MtimeNs, long CtimeNs, ulong Inode, ulong Device)
{
    private const int SymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS

    /// <summary>The newer of mtime and ctime, for the racy-clean test.</summary>
    public DateTime LastChangeUtc => DateTime.UnixEpoch.AddTicks(Math.Max(MtimeNs, CtimeNs) / 100);

    /// <summary>The stamp of the file at <paramref name="path"/>, or null when there is nothing there.</summary>
    public static FileStamp? Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            return OfLinux(path);
        }
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100, 0, 0, 0) : null;
    }

    private static FileStamp? OfLinux(string path)
    {
        Span<byte> b = stackalloc byte[256];
        if (Libc.Statx(CurrentDirectory, path, SymlinkNoFollow, BasicStats, b) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? null : throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno); // ENOENT, ENOTDIR
        }
        return FromStatx(b);
    }

    /// <summary>Reads a struct statx (decoded in one place: <see cref="NativeStat.FromStatx"/>).</summary>
    internal static FileStamp FromStatx(ReadOnlySpan<byte> statx)
    {
        var s = NativeStat.FromStatx(statx);
        return new FileStamp(s.Size, s.MtimeNs, s.CtimeNs, s.Inode, s.Device);
    }
}
