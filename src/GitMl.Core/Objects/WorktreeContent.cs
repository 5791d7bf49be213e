using GitMl.Storage.IO;

namespace GitMl.Core.Objects;

/// <summary>
/// The one guard every writer of content into the working tree goes through (smudge, the post-checkout hand-off of
/// large files, `git ml pull`, `git ml model get`): the object a pointer names is opened only when it is a regular
/// file whose size is the pointer's, and its hash is checked as it streams. A file written here appears under its
/// name only complete and verified (temporary file beside it, then an atomic rename), so a pointer that lies about
/// its size, a corrupt object or a crash never leaves wrong bytes, zero padding or a torn file behind.
/// </summary>
public static class WorktreeContent
{
    private const string TempMarker = ".git-ml-";

    /// <summary>Opens the object <paramref name="pointer"/> names for writing to <paramref name="path"/>.</summary>
    /// <exception cref="PointerSizeException">The object's size is not the pointer's.</exception>
    /// <exception cref="ObjectMissingException">The store does not have it.</exception>
    /// <exception cref="SpecialFileException">Something other than a regular file is where the object should be.</exception>
    public static Stream Open(ObjectStore store, Pointer pointer, string path) =>
        store.Verifying(OpenFile(store, pointer, path), pointer.Oid);

    /// <summary>Checks, without reading it, that the store's object has the pointer's size (when the store has it).</summary>
    /// <exception cref="PointerSizeException">It has another size.</exception>
    public static void CheckSize(ObjectStore store, Pointer pointer, string path)
    {
        if (store.SizeOf(pointer.Oid) is { } actual && actual != pointer.Size)
        {
            throw new PointerSizeException(path, pointer, actual);
        }
    }

    /// <summary>
    /// Writes the verified bytes of <paramref name="pointer"/>'s object to <paramref name="relativePath"/> under
    /// <paramref name="root"/> (the working tree, or the folder a model is written to), replacing what is there only
    /// once the whole object has been copied and checked. No folder between <paramref name="root"/> and the file may be
    /// a symbolic link (<see cref="WorktreeFiles.CheckNoLink"/>): a write never lands outside through one. A link at
    /// the file's own name is replaced by the file (the rename replaces the link, it does not follow it).
    /// <paramref name="displayPath"/> names the file in errors. Leftover temporary files of killed writers in the
    /// same folder are removed first.
    /// <para>An object the store verified and that has not changed since (<see cref="ObjectStore.IsVerified"/>) is
    /// copied without hashing it again, inside the kernel where it can be: a reflink on a copy-on-write file system
    /// (XFS, btrfs; the working file then shares the object's extents and a write to it gets blocks of its own, so the
    /// object never changes), copy_file_range elsewhere. The object's stamp is checked again after the copy, and
    /// when it changed meanwhile the file is copied again through the hash. Any other object is hashed as it is
    /// copied, and remembered as verified when it checks out.</para>
    /// Returns the stamp of the written file (null where it cannot be told): what the clean filter later compares to
    /// know the file is still the one written here (see <see cref="Filters.WrittenFiles"/>).
    /// </summary>
    /// <exception cref="WorktreeLinkException">A folder on the way is a symbolic link; nothing is written.</exception>
    public static Pipelines.Hashing.FileStamp? WriteFile(ObjectStore store, Pointer pointer, string root, string relativePath, string displayPath, bool executable = false)
    {
        WorktreeFiles.CheckNoLink(root, relativePath, includeLast: false, writing: true);
        string fullPath = Path.Combine(root, relativePath);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        RemoveLeftovers(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}{TempMarker}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var source = OpenFile(store, pointer, displayPath))
            using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                if (!TryCopyVerified(store, pointer, source, target))
                {
                    var before = OpenFileStamp.Of(source.SafeFileHandle);
                    target.SetLength(0);
                    target.SetLength(pointer.Size);
                    target.Position = 0;
                    using var content = store.Verifying(source, pointer.Oid);
                    content.CopyTo(target, 1 << 20); // The store's stream checks the hash at its end: a corrupt object throws before the rename.
                    store.RememberVerified(pointer.Oid, source.SafeFileHandle, before);
                }
            }
            if (executable && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(temporary) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            // Dated a second back: git compares times to the second, and takes a file modified in the same second as
            // its index was written for "racily clean", reading it through the clean filter at every status until the
            // index is written again. Any later change still gives the file a new mtime.
            File.SetLastWriteTimeUtc(temporary, DateTime.UtcNow.AddSeconds(-1));
            var written = OpenFileStamp.OfPath(temporary);
            // An existing regular file is swapped with the new one (the old one then goes with the temporary name);
            // anything else at the name (nothing, a link) is replaced by a rename.
            if (!(IsRegularFile(fullPath) && NativeFiles.TryExchange(temporary, fullPath)))
            {
                File.Move(temporary, fullPath, overwrite: true);
            }
            // The rename changes the file's ctime; the same inode with the same size and mtime is still the file written.
            return written is { } w && OpenFileStamp.OfPath(fullPath) is { } after
                && after.Inode == w.Inode && after.Device == w.Device && after.Size == w.Size && after.MtimeNs == w.MtimeNs ? after : null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool IsRegularFile(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null && (info.Attributes & FileAttributes.Directory) == 0;
    }

    /// <summary>Opens the object's file, checking it is a regular file of the pointer's size (see <see cref="Open"/>).</summary>
    private static FileStream OpenFile(ObjectStore store, Pointer pointer, string path)
    {
        var file = store.OpenFile(pointer.Oid);
        if (file.Length != pointer.Size)
        {
            long actual = file.Length;
            file.Dispose();
            throw new PointerSizeException(path, pointer, actual);
        }
        return file;
    }

    /// <summary>
    /// Copies an object the store verified and that is unchanged since, without hashing it; false (with
    /// <paramref name="target"/> to be rewritten) when the object is not known as verified or changed during the copy.
    /// </summary>
    private static bool TryCopyVerified(ObjectStore store, Pointer pointer, FileStream source, FileStream target)
    {
        if (!store.IsVerified(pointer.Oid, source.SafeFileHandle))
        {
            return false;
        }
        var before = OpenFileStamp.Of(source.SafeFileHandle);
        if (FileCopy.TryCopy(source.SafeFileHandle, target.SafeFileHandle, pointer.Size) == FileCopy.Method.None)
        {
            CopyPlain(source, target, pointer.Size);
        }
        return OpenFileStamp.Of(source.SafeFileHandle) == before;
    }

    private static void CopyPlain(FileStream source, FileStream target, long size)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long offset = 0;
            while (offset < size)
            {
                int n = RandomAccess.Read(source.SafeFileHandle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, size - offset)), offset);
                if (n == 0)
                {
                    throw new IOException($"object file ended after {offset} of {size} bytes");
                }
                RandomAccess.Write(target.SafeFileHandle, buffer.AsSpan(0, n), offset);
                offset += n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Removes the temporary files (<c>.NAME.git-ml-PID-RANDOM.tmp</c>) that killed writers left in a folder
    /// (see <see cref="Leftovers"/>); a writer that is still running keeps its file.
    /// </summary>
    public static void RemoveLeftovers(string folder) =>
        Leftovers.RemoveFiles(folder, $".*{TempMarker}*.tmp", name => name.LastIndexOf(TempMarker, StringComparison.Ordinal) + TempMarker.Length);
}

/// <summary>A pointer whose size is not the size of the object it names: edited by hand, or hostile.</summary>
public sealed class PointerSizeException(string path, Pointer pointer, long actual)
    : IOException($"'{path}': its pointer says {pointer.Size} bytes but object {pointer.Oid} has {actual}; the pointer was edited by hand or is damaged. Restore it with 'git checkout HEAD -- {path}' or re-add the original file.")
{
    public string FilePath { get; } = path;

    public Pointer Pointer { get; } = pointer;
}
