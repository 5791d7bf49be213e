using System.Runtime.InteropServices;
using System.Text;

namespace GitMl.Storage.IO;

/// <summary>
/// A folder held open, to ask whether files under it exist by their path relative to it: one statx(2) each, which
/// resolves only the relative path's own components (not the whole absolute path again) and allocates nothing. For
/// many questions in a row about one folder (is each of 10,000 objects in the store?). Linux only: elsewhere
/// <see cref="Open"/> returns null and the caller asks the ordinary way.
/// </summary>
public sealed unsafe class OpenFolder : IDisposable
{
    private const uint TypeOnly = 0x1; // STATX_TYPE
    private int _fd;

    private OpenFolder(int fd) => _fd = fd;

    /// <summary>The folder at <paramref name="path"/>, open; null when it cannot be opened (missing) or this is not Linux.</summary>
    public static OpenFolder? Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        int flags = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 | 0x80000 : 0x10000 | 0x80000; // O_DIRECTORY | O_CLOEXEC
        int fd = Libc.Open(path, flags);
        return fd < 0 ? null : new OpenFolder(fd);
    }

    /// <summary>
    /// Whether <paramref name="relativePath"/> names something other than a folder, following links, as File.Exists
    /// answers, except for a dangling link (not there: it holds nothing). A path that cannot be looked up (missing, not
    /// a folder on the way, no permission) is not there.
    /// </summary>
    public bool HasFile(ReadOnlySpan<char> relativePath)
    {
        Span<byte> path = stackalloc byte[(relativePath.Length * 3) + 1];
        int length = Encoding.UTF8.GetBytes(relativePath, path);
        path[length] = 0;
        return HasFileUtf8(path[..(length + 1)]);
    }

    /// <summary>
    /// <see cref="HasFile(ReadOnlySpan{char})"/> for a path already in UTF-8 and ending with a NUL byte (the only NUL in
    /// it), for callers that build many paths in one buffer (<c>StorePresence</c>: 10,000 objects' paths per status).
    /// </summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public bool HasFileUtf8(ReadOnlySpan<byte> nulTerminatedPath)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath.IndexOf((byte)0) != nulTerminatedPath.Length - 1)
        {
            throw new ArgumentException("the path must end with its only NUL byte", nameof(nulTerminatedPath));
        }
        // Not zeroed: statx fills the type field asked for, and only that field is read.
        Span<byte> statx = stackalloc byte[256];
        fixed (byte* p = nulTerminatedPath)
        fixed (byte* buffer = statx)
        {
            if (Libc.Statx(_fd, p, 0, TypeOnly, buffer) != 0)
            {
                return false;
            }
        }
        return NativeStat.FileTypeOf(statx) != NativeStat.FileTypeDirectory;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Libc.Close(_fd);
            _fd = -1;
        }
    }
}
