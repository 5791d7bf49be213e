using GitMl.Storage.IO;

namespace GitMl.Core.Objects;

/// <summary>
/// The one guard for reading content out of a folder git-ml does not own (the working tree, a model folder): every
/// reader that stores or hashes what it finds there (model register, log artifact, repro's dependency and output
/// hashing, directory manifests) opens files through <see cref="OpenRead"/> and walks folders through
/// <see cref="EnumerateFiles"/>. A symbolic link on the way (a parent folder or the file itself) is never followed:
/// it is refused with a <see cref="WorktreeLinkException"/> naming it and where it points, whether that is outside
/// the working tree, into .git or inside the working tree (git-ml has no way to store a link in an object; git
/// stores it as a link). The final component is opened without following a link (<see cref="RegularFile"/>), so a
/// file swapped for a link after the check is refused too. Writers check the same way before a file appears under
/// its name (<see cref="WorktreeContent.WriteFile"/>).
/// </summary>
public static class WorktreeFiles
{
    /// <summary>Opens <paramref name="relativePath"/> (under <paramref name="root"/>) for reading, refusing any link on the way.</summary>
    /// <exception cref="WorktreeLinkException">A parent folder or the file itself is a symbolic link.</exception>
    /// <exception cref="SpecialFileException">It is not a regular file.</exception>
    public static FileStream OpenRead(string root, string relativePath)
    {
        CheckNoLink(root, relativePath, includeLast: true, writing: false);
        return RegularFile.OpenRead(Path.Combine(root, relativePath), 0);
    }

    /// <summary>
    /// The pointer a file opened by <see cref="OpenRead"/> holds, when it is one (its content not checked out: it
    /// counts as the content it names); the stream is left at its start either way.
    /// </summary>
    public static Pointer? PointerIn(FileStream stream)
    {
        if (stream.Length >= Pointer.SizeLimit)
        {
            return null;
        }
        byte[] buffer = new byte[Pointer.SizeLimit];
        int n = ObjectStore.ReadFully(stream, buffer);
        stream.Position = 0;
        return Pointer.ParseOrNull(buffer.AsSpan(0, n));
    }

    /// <summary>
    /// Every file under the folder <paramref name="relativeFolder"/> (under <paramref name="root"/>), as paths
    /// relative to <paramref name="root"/> ('/'-separated, sorted). Folders are walked one level at a time and a
    /// link anywhere in them is refused, never descended into.
    /// </summary>
    /// <exception cref="WorktreeLinkException">The folder, a parent of it or something in it is a symbolic link.</exception>
    public static List<string> EnumerateFiles(string root, string relativeFolder)
    {
        string folder = Normalize(root, relativeFolder);
        CheckNoLink(root, folder, includeLast: true, writing: false);
        var files = new List<string>();
        var pending = new Stack<string>([folder]);
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        while (pending.TryPop(out string? current))
        {
            foreach (var entry in new DirectoryInfo(Path.Combine(root, current)).EnumerateFileSystemInfos("*", options))
            {
                string relative = current.Length == 0 ? entry.Name : $"{current}/{entry.Name}";
                // A link has ReparsePoint among the attributes the walk already has (the entry's type, or its lstat);
                // its target is read only then, not with one readlink per file (10,000 for a folder of 10,000).
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0 && entry.LinkTarget is { } target)
                {
                    throw new WorktreeLinkException(relative, target, WhereLinkPoints(root, entry.FullName, target), writing: false);
                }
                if ((entry.Attributes & FileAttributes.Directory) != 0)
                {
                    pending.Push(relative);
                }
                else
                {
                    files.Add(relative);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Refuses a symbolic link among the folders between <paramref name="root"/> and <paramref name="relativePath"/>
    /// (and, with <paramref name="includeLast"/>, the path itself). Components that do not exist end the check: a
    /// writer creates them as real folders.
    /// </summary>
    /// <param name="realFolders">Folders already found to be real folders in this pass (a caller checking many files
    /// passes one set, so each folder costs one look however many files it holds).</param>
    /// <exception cref="WorktreeLinkException">One of them is a link.</exception>
    public static void CheckNoLink(string root, string relativePath, bool includeLast, bool writing, HashSet<string>? realFolders = null)
    {
        var prefixes = Prefixes(Normalize(root, relativePath));
        int count = includeLast ? prefixes.Count : prefixes.Count - 1;
        for (int i = 0; i < count; i++)
        {
            bool folder = i < prefixes.Count - 1;
            if (folder && realFolders is not null && realFolders.Contains(prefixes[i]))
            {
                continue;
            }
            string full = Path.Combine(root, prefixes[i]);
            var kind = KindOf(full);
            string? target = kind == EntryKind.Link ? new FileInfo(full).LinkTarget : null;
            if (kind == EntryKind.Unknown || (kind == EntryKind.Link && target is null))
            {
                // statx could not tell, or the link went away before it was read: asked again as before.
                var info = new FileInfo(full);
                target = info.LinkTarget;
                kind = target is not null ? EntryKind.Link : info.Exists || Directory.Exists(full) ? EntryKind.Other : EntryKind.Missing;
            }
            if (kind == EntryKind.Link && target is not null)
            {
                throw new WorktreeLinkException(prefixes[i], target, WhereLinkPoints(root, full, target), writing);
            }
            if (kind == EntryKind.Missing)
            {
                return;
            }
            if (folder)
            {
                realFolders?.Add(prefixes[i]);
            }
        }
    }

    /// <summary>
    /// The size of the regular file at <paramref name="relativePath"/> under <paramref name="root"/>, from one statx(2)
    /// that does not follow a link; null when nothing, a folder or another special file is there. A symbolic link at
    /// the path or on its way is refused as by <see cref="CheckNoLink"/> (for a pass over many files, where a check of
    /// the file and then a FileInfo took three stats each).
    /// </summary>
    /// <exception cref="WorktreeLinkException">The path or a folder on its way is a link.</exception>
    public static long? RegularFileSize(string root, string relativePath, bool writing, HashSet<string>? realFolders = null)
    {
        const uint TypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
        CheckNoLink(root, relativePath, includeLast: false, writing, realFolders);
        string fullPath = Path.Combine(root, relativePath);
        if (OperatingSystem.IsLinux())
        {
            Span<byte> statx = stackalloc byte[256];
            if (Libc.Statx(CurrentDirectory, fullPath, SymlinkNoFollow, TypeAndSize, statx) == 0)
            {
                int type = NativeStat.FileTypeOf(statx);
                if (type == NativeStat.FileTypeRegular)
                {
                    return NativeStat.FromStatx(statx).Size;
                }
                if (type != NativeStat.FileTypeLink)
                {
                    return null;
                }
            }
            else if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is 2 or 20) // ENOENT, ENOTDIR
            {
                return null;
            }
        }
        // A link (refused here, its target named), or statx could not tell: asked the long way.
        CheckNoLink(root, relativePath, includeLast: true, writing, realFolders);
        var info = new FileInfo(fullPath);
        return info.Exists ? info.Length : null;
    }

    private const int CurrentDirectory = -100, SymlinkNoFollow = 0x100; // statx(2): AT_FDCWD, AT_SYMLINK_NOFOLLOW

    private enum EntryKind
    {
        Missing,
        Link,
        Other,
        Unknown,
    }

    /// <summary>
    /// What is at <paramref name="fullPath"/>, from one statx(2) that does not follow a link, where a FileInfo took a
    /// readlink and one or two stats (a no-op repro checks two folders for each of its outputs). Unknown when statx
    /// is missing or fails otherwise than "no such file": the caller then asks as before, and fails as before.
    /// </summary>
    private static EntryKind KindOf(string fullPath)
    {
        const uint TypeOnly = 0x1; // STATX_TYPE
        if (!OperatingSystem.IsLinux())
        {
            return EntryKind.Unknown;
        }
        Span<byte> statx = stackalloc byte[256];
        if (Libc.Statx(CurrentDirectory, fullPath, SymlinkNoFollow, TypeOnly, statx) != 0)
        {
            return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is 2 or 20 ? EntryKind.Missing : EntryKind.Unknown; // ENOENT, ENOTDIR
        }
        return NativeStat.FileTypeOf(statx) == NativeStat.FileTypeLink ? EntryKind.Link : EntryKind.Other;
    }

    /// <summary>The folders leading to a '/'-separated relative path, and the path itself: "a/b/c" gives "a", "a/b", "a/b/c".</summary>
    public static List<string> Prefixes(string relativePath)
    {
        var prefixes = new List<string>();
        for (int i = 0; i < relativePath.Length; i++)
        {
            if (relativePath[i] == '/' && i > 0 && relativePath[i - 1] != '/')
            {
                prefixes.Add(relativePath[..i]);
            }
        }
        if (relativePath.Length > 0 && !relativePath.EndsWith('/'))
        {
            prefixes.Add(relativePath);
        }
        return prefixes;
    }

    /// <summary>Where a link at <paramref name="linkFullPath"/> to <paramref name="linkTarget"/> leads, said relative to <paramref name="root"/>.</summary>
    public static string WhereLinkPoints(string root, string linkFullPath, string linkTarget)
    {
        string resolved = Path.GetFullPath(linkTarget, Path.GetDirectoryName(linkFullPath)!);
        string relative = Path.GetRelativePath(Path.GetFullPath(root), resolved).Replace('\\', '/');
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return "outside the working tree";
        }
        return relative.Split('/').Contains(".git") ? "into .git" : "inside the working tree";
    }

    /// <summary>A relative path already in normal form: names separated by single '/', none of them "." or "..".
    /// Backslashes and Windows take the long way (there a backslash separates folders too).</summary>
    private static bool IsPlainRelative(string path)
    {
        if (path.Length == 0 || OperatingSystem.IsWindows() || path.Contains('\\'))
        {
            return false;
        }
        foreach (var range in path.AsSpan().Split('/'))
        {
            var name = path.AsSpan(range);
            if (name.IsEmpty || name is "." or "..")
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A path under <paramref name="root"/> as a '/'-separated relative path ("" for the root itself).</summary>
    /// <exception cref="OutsideRootException">It is not under <paramref name="root"/>.</exception>
    public static string Normalize(string root, string path)
    {
        if (IsPlainRelative(path))
        {
            // What git's index holds, and what most callers pass (thousands per checkout): already in normal form.
            return path;
        }
        string relative = Path.GetRelativePath(Path.GetFullPath(root), Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, root))).Replace('\\', '/');
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new OutsideRootException(path, root);
        }
        return relative == "." ? "" : relative;
    }
}

/// <summary>A symbolic link where git-ml was to read or write content: refused, never followed.</summary>
public sealed class WorktreeLinkException(string path, string target, string where, bool writing)
    : IOException(writing
        ? $"'{path}' is a symbolic link to '{target}' ({where}); git-ml does not write through links. Remove the link (or replace it with a real folder) and run the command again."
        : $"'{path}' is a symbolic link to '{target}' ({where}); git-ml does not follow links when it reads content. Replace it with the file or folder it points to, or leave it to git, which stores it as a link ('git add {path}').")
{
    public string FilePath { get; } = path;
}

/// <summary>A path that leads out of the folder git-ml was to read content from.</summary>
public sealed class OutsideRootException(string path, string root)
    : IOException($"'{path}' is outside {root}; git-ml reads and writes content only inside it.");
