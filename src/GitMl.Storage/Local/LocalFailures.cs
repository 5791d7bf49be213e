namespace GitMl.Storage.Local;

/// <summary>
/// Turns file-system errors into <see cref="StorageException"/>s that name the path and say what to do. Errors a
/// retry cannot fix (no space, permission denied, a read-only file system, a file too large for the file system)
/// are not transient, and a full or read-only disk affects the whole store (<see cref="StorageException.AffectsWholeStore"/>); anything else (an NFS server not answering, a USB drive resetting) may be.
/// </summary>
internal static class LocalFailures
{
    private enum Cause
    {
        Other,
        NoSpace,
        ReadOnly,
        TooLarge,
    }

    /// <summary>The errors <see cref="Map"/> explains: what file-system calls throw.</summary>
    public static bool IsFileSystemError(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <param name="store">The store's description.</param>
    /// <param name="doing">What was being done, as "writing", "reading", "deleting", "listing".</param>
    /// <param name="path">The file or folder it was done to.</param>
    public static StorageException Map(Exception e, string store, string doing, string path)
    {
        if (e is UnauthorizedAccessException)
        {
            return new StorageException(
                $"{store}: permission denied {doing} {path}; check who owns that folder and its permissions (ls -ld)",
                isTransient: false, inner: e);
        }
        return CauseOf(e) switch
        {
            Cause.NoSpace => new StorageException(
                $"{store}: no space left on the disk {doing} {path}; free some space there (or raise your quota) and try again",
                isTransient: false, inner: e, affectsWholeStore: true),
            Cause.ReadOnly => new StorageException(
                $"{store}: the file system is read-only {doing} {path}; remount it read-write or use another remote",
                isTransient: false, inner: e, affectsWholeStore: true),
            Cause.TooLarge => new StorageException(
                $"{store}: the file is too large for this file system {doing} {path} (FAT32 holds at most 4 GiB per file); "
                + "use a drive formatted with exFAT, NTFS, APFS or ext4",
                isTransient: false, inner: e),
            _ => new StorageException($"{store}: failed {doing} {path}: {e.Message}", isTransient: true, inner: e),
        };
    }

    /// <summary>
    /// On Unix, .NET puts the errno of a failed call in the IOException's HResult; on Windows it is the Win32 error
    /// as an HRESULT (0x8007xxxx).
    /// </summary>
    private static Cause CauseOf(Exception e)
    {
        int code = e.HResult;
        if (OperatingSystem.IsWindows())
        {
            if ((code & 0xFFFF0000) != 0x80070000)
            {
                return Cause.Other;
            }
            return (code & 0xFFFF) switch
            {
                0x70 or 0x27 => Cause.NoSpace, // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
                0x13 => Cause.ReadOnly, // ERROR_WRITE_PROTECT
                0xDF => Cause.TooLarge, // ERROR_FILE_TOO_LARGE
                _ => Cause.Other,
            };
        }
        return code switch
        {
            28 => Cause.NoSpace, // ENOSPC
            122 when OperatingSystem.IsLinux() => Cause.NoSpace, // EDQUOT
            69 when OperatingSystem.IsMacOS() => Cause.NoSpace, // EDQUOT
            30 => Cause.ReadOnly, // EROFS
            27 => Cause.TooLarge, // EFBIG
            _ => Cause.Other,
        };
    }
}
