using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GitMl.Storage.IO;

/// <summary>What one statx(2) of a file says that tells it apart from another: size, times (nanoseconds), inode, device.</summary>
public readonly record struct NativeStat(long Size, long MtimeNs, long CtimeNs, ulong Inode, ulong Device)
{
    /// <summary>Reads a struct statx (256 bytes, the same layout on every architecture, little-endian here).</summary>
    public static NativeStat FromStatx(ReadOnlySpan<byte> b)
    {
        static long Nanoseconds(ReadOnlySpan<byte> at) =>
            (BinaryPrimitives.ReadInt64LittleEndian(at) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(at[8..]);
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(b[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(b[140..]); // stx_dev_major, stx_dev_minor
        return new NativeStat(BinaryPrimitives.ReadInt64LittleEndian(b[40..]), Nanoseconds(b[112..]), Nanoseconds(b[96..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[32..]), device);
    }

    /// <summary>S_IFMT: the file type bits of a mode.</summary>
    public const int FileTypeMask = 0xF000;

    public const int FileTypeDirectory = 0x4000;

    public const int FileTypeRegular = 0x8000;

    public const int FileTypeLink = 0xA000;

    /// <summary>The file type (<see cref="FileTypeMask"/> bits of stx_mode) of a struct statx; STATX_TYPE is enough to ask for it.</summary>
    public static int FileTypeOf(ReadOnlySpan<byte> statx) => BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]) & FileTypeMask;
}

/// <summary>
/// Walks a folder with the C library's readdir and one statx per file relative to its folder's descriptor: no
/// per-file path lookup from the root, no .NET FileSystemInfo, no string per file. It is the cheap way to ask "is
/// every file in this folder still the one I saw?" over ten thousand files (a no-op `git ml status`), not a general
/// enumeration: anything unusual (a symbolic link, a special file, an error, another platform) stops it with
/// <see cref="Outcome.Unusual"/>, and the caller takes its ordinary, careful path, which explains the problem.
/// Files are visited in the order the file system lists them (stable while a folder is not changed), each folder's
/// files where the walk meets the folder. Linux on x64 and arm64 only.
/// </summary>
public static unsafe class DirectoryWalk
{
    /// <summary>Told of each regular file: its path relative to the walked folder ('/'-separated UTF-8) and its stat. False stops the walk.</summary>
    public delegate bool Visitor(ReadOnlySpan<byte> relativePath, in NativeStat stat);

    public enum Outcome
    {
        /// <summary>Every file was visited.</summary>
        Completed,

        /// <summary>The visitor asked to stop.</summary>
        Stopped,

        /// <summary>A link, a special file, an error or an unsupported platform: nothing can be said from this walk.</summary>
        Unusual,
    }

    private const byte TypeUnknown = 0;
    private const byte TypeDirectory = 4;
    private const byte TypeRegular = 8;
    private const int SymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS
    private const int NameOffset = 19; // struct dirent (glibc and musl, 64-bit): d_ino, d_off, d_reclen, d_type, d_name
    private const int TypeOffset = 18;

    /// <summary>Told of each regular file's path only (<see cref="WalkNames"/>). False stops the walk.</summary>
    public delegate bool NameVisitor(ReadOnlySpan<byte> relativePath);

    /// <summary>Walks <paramref name="folder"/> (an absolute path), which is opened without following a link.</summary>
    public static Outcome Walk(string folder, Visitor visit) => Start(folder, visit, null);

    /// <summary>
    /// Like <see cref="Walk"/>, but tells only each regular file's path, and stats no file whose type the folder listing
    /// gives (d_type, which Linux file systems fill in): the names of 10,000 files cost a dozen getdents calls, not
    /// 10,000 statx. For a caller that knows from elsewhere whether each file changed (git's own answer), and only asks
    /// which files there are. Links, special files and errors stop it as they stop <see cref="Walk"/>.
    /// </summary>
    public static Outcome WalkNames(string folder, NameVisitor visit) => Start(folder, null, visit);

    private static Outcome Start(string folder, Visitor? visit, NameVisitor? visitName)
    {
        if (!OperatingSystem.IsLinux() || OpenFlags() is not { } flags)
        {
            return Outcome.Unusual;
        }
        int fd = Libc.Open(folder, flags);
        if (fd < 0)
        {
            return Outcome.Unusual;
        }
        byte[] path = new byte[4096];
        return WalkOpen(fd, flags, path, 0, visit, visitName);
    }

    /// <summary>O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, whose values differ between architectures.</summary>
    private static int? OpenFlags() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x10000 | 0x20000 | 0x80000,
        Architecture.Arm64 => 0x4000 | 0x8000 | 0x80000,
        _ => null,
    };

    /// <summary>Walks the open folder <paramref name="fd"/> (closed before returning); its path so far is path[..prefix].</summary>
    /// <param name="visit">Told of each file with its stat; null when <paramref name="visitName"/> is told of its path alone.</param>
    private static Outcome WalkOpen(int fd, int flags, byte[] path, int prefix, Visitor? visit, NameVisitor? visitName)
    {
        nint dir = Libc.FdOpenDir(fd);
        if (dir == 0)
        {
            Libc.Close(fd);
            return Outcome.Unusual;
        }
        try
        {
            Span<byte> statx = stackalloc byte[256];
            while (true)
            {
                byte* entry = Libc.ReadDir(dir);
                if (entry == null)
                {
                    return Marshal.GetLastPInvokeError() == 0 ? Outcome.Completed : Outcome.Unusual;
                }
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + NameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }
                int end = prefix + name.Length;
                if (end + 2 > path.Length)
                {
                    return Outcome.Unusual;
                }
                name.CopyTo(path.AsSpan(prefix));
                path[end] = 0;
                byte type = entry[TypeOffset];
                bool directory = type == TypeDirectory;
                if (type is not (TypeDirectory or TypeRegular or TypeUnknown))
                {
                    return Outcome.Unusual; // a link, a pipe, a socket, a device
                }
                if (type == TypeRegular && visitName is not null)
                {
                    if (!visitName(path.AsSpan(0, end)))
                    {
                        return Outcome.Stopped;
                    }
                    continue;
                }
                if (!directory)
                {
                    fixed (byte* relative = &path[prefix])
                    fixed (byte* buffer = statx)
                    {
                        if (Libc.Statx(fd, relative, SymlinkNoFollow, BasicStats, buffer) != 0)
                        {
                            return Outcome.Unusual;
                        }
                    }
                    int mode = NativeStat.FileTypeOf(statx);
                    directory = mode == NativeStat.FileTypeDirectory;
                    if (!directory)
                    {
                        if (mode != NativeStat.FileTypeRegular)
                        {
                            return Outcome.Unusual;
                        }
                        if (visit is null ? !visitName!(path.AsSpan(0, end)) : !visit(path.AsSpan(0, end), NativeStat.FromStatx(statx)))
                        {
                            return Outcome.Stopped;
                        }
                        continue;
                    }
                }
                int child;
                fixed (byte* relative = &path[prefix])
                {
                    child = Libc.OpenAt(fd, relative, flags);
                }
                if (child < 0)
                {
                    return Outcome.Unusual;
                }
                path[end] = (byte)'/';
                var outcome = WalkOpen(child, flags, path, end + 1, visit, visitName);
                if (outcome != Outcome.Completed)
                {
                    return outcome;
                }
            }
        }
        finally
        {
            Libc.CloseDir(dir); // closes fd too
        }
    }
}
