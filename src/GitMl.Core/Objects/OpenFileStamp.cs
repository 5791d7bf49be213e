using System.Buffers.Binary;
using System.Runtime.InteropServices;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Core.Objects;

/// <summary>
/// The <see cref="FileStamp"/> of an open file (statx on its descriptor), so a stamp and the bytes read through the
/// same descriptor belong to the same file even when another is renamed over its name meanwhile. Null where statx is
/// not available (then nothing is trusted by stamp).
/// </summary>
internal static class OpenFileStamp
{
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS

    public static FileStamp? Of(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        Span<byte> b = stackalloc byte[256];
        if (Libc.Statx(handle, "", EmptyPath, BasicStats, b) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
        return FileStamp.FromStatx(b);
    }

    /// <summary>The stamp of the file at <paramref name="path"/> (not following a final link), or null when nothing is there or statx is missing.</summary>
    public static FileStamp? OfPath(string path) => OperatingSystem.IsLinux() ? FileStamp.Of(path) : null;

    /// <summary>
    /// The stamp of the file at <paramref name="path"/> with the stat data git's index records for it (owner, group
    /// and the device as st_dev encodes it), from one statx; null where statx is missing or nothing is there.
    /// </summary>
    public static (FileStamp Stamp, Git.IndexStatData Index)? ForIndex(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        Span<byte> b = stackalloc byte[256];
        return Libc.Statx(-100 /* AT_FDCWD */, path, 0x100 /* AT_SYMLINK_NOFOLLOW */, BasicStats, b) != 0 ? null : WithIndexData(b);
    }

    /// <summary>As <see cref="ForIndex(string)"/>, of an open file; null where statx is missing or fails.</summary>
    public static (FileStamp Stamp, Git.IndexStatData Index)? ForIndex(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        Span<byte> b = stackalloc byte[256];
        return Libc.Statx(handle, "", EmptyPath, BasicStats, b) != 0 ? null : WithIndexData(b);
    }

    private static (FileStamp Stamp, Git.IndexStatData Index) WithIndexData(ReadOnlySpan<byte> b)
    {
        var stamp = FileStamp.FromStatx(b);
        uint major = BinaryPrimitives.ReadUInt32LittleEndian(b[136..]);
        uint minor = BinaryPrimitives.ReadUInt32LittleEndian(b[140..]);
        // glibc's makedev(), as stat(2) reports st_dev and git stores it.
        ulong device = ((ulong)(major & 0xfffff000) << 32) | ((major & 0xfffu) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xffu);
        var index = new Git.IndexStatData(stamp.CtimeNs, stamp.MtimeNs, device, stamp.Inode,
            BinaryPrimitives.ReadUInt32LittleEndian(b[20..]), BinaryPrimitives.ReadUInt32LittleEndian(b[24..]), stamp.Size);
        return (stamp, index);
    }
}
