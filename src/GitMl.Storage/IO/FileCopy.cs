using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Storage.IO;

/// <summary>
/// Copies one whole file into another inside the kernel: first by sharing extents (FICLONE, a reflink on XFS with
/// reflink=1, btrfs, and other copy-on-write file systems: no bytes move, and a later write to either file gives
/// that file its own blocks, so the other never changes), else by copy_file_range(2) (no trip through user memory),
/// else not at all, and the caller copies through a buffer. Where a file system cannot clone, the ioctl fails at
/// once (EOPNOTSUPP, EXDEV across file systems, EINVAL, ENOTTY), so trying costs one system call; no setting is needed.
/// </summary>
public static unsafe class FileCopy
{
    private const nuint Ficlone = 0x40049409; // _IOW(0x94, 9, int)
    private const int Chunk = 1 << 30;

    /// <summary>How <see cref="TryCopy"/> copied, or that it did not.</summary>
    public enum Method
    {
        None,
        Clone,
        KernelCopy,
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes of <paramref name="source"/> into the empty file <paramref name="target"/>.
    /// <see cref="Method.None"/> when neither kernel copy works here: <paramref name="target"/> is then still empty.
    /// A failure after bytes were copied throws (the caller deletes the target).
    /// </summary>
    public static Method TryCopy(SafeFileHandle source, SafeFileHandle target, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Method.None;
        }
        if (Libc.Ioctl(target, Ficlone, source.DangerousGetHandle()) == 0)
        {
            return Method.Clone;
        }
        return TryKernelCopy(source, target, length) ? Method.KernelCopy : Method.None;
    }

    /// <summary>Makes the empty file <paramref name="target"/> share all of <paramref name="source"/>'s extents (FICLONE);
    /// false where the file system cannot (nothing written then).</summary>
    public static bool TryClone(SafeFileHandle source, SafeFileHandle target) =>
        OperatingSystem.IsLinux() && Libc.Ioctl(target, Ficlone, source.DangerousGetHandle()) == 0;

    private static bool TryKernelCopy(SafeFileHandle source, SafeFileHandle target, long length)
    {
        long inOffset = 0;
        long outOffset = 0;
        while (inOffset < length)
        {
            nint n = Libc.CopyFileRange(source, &inOffset, target, &outOffset, (nuint)Math.Min(length - inOffset, Chunk), 0);
            if (n > 0)
            {
                continue;
            }
            if (n == 0)
            {
                throw new IOException($"the file being copied ended after {inOffset} of {length} bytes");
            }
            int errno = Marshal.GetLastPInvokeError();
            if (inOffset == 0 && errno is 18 or 22 or 38 or 95 or 1) // EXDEV, EINVAL, ENOSYS, EOPNOTSUPP, EPERM: not here
            {
                return false;
            }
            if (errno == 4) // EINTR
            {
                continue;
            }
            throw new IOException($"copy failed after {inOffset} of {length} bytes: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        return true;
    }
}
