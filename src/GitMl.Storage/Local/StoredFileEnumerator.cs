using System.IO.Enumeration;

namespace GitMl.Storage.Local;

/// <summary>
/// Enumerates the objects of a local store whose keys start with a prefix: files only, as keys relative to the
/// store's root with '/' separators. It never enters the temporary folder (partial files are not objects) nor a
/// folder that cannot hold a match, and a folder removed while it is being listed (a concurrent delete) is
/// skipped rather than failing the listing.
/// </summary>
internal sealed class StoredFileEnumerator : FileSystemEnumerator<BlobInfo>
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = true,
        // The defaults skip hidden files, and on Unix every name starting with '.' is hidden: such keys are valid.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
    };

    private readonly string _root;
    private readonly string _prefix;
    private readonly string _tempFolder;

    /// <param name="root">The store's root (a full path without a trailing separator).</param>
    /// <param name="start">The folder to list: the root or a folder under it that holds every match.</param>
    /// <param name="prefix">Keys listed start with this.</param>
    /// <param name="tempFolderName">The folder under the root that holds partial files.</param>
    public StoredFileEnumerator(string root, string start, string prefix, string tempFolderName)
        : base(start, Options)
    {
        _root = root;
        _prefix = prefix;
        _tempFolder = tempFolderName + "/";
    }

    protected override bool ShouldIncludeEntry(ref FileSystemEntry entry) =>
        !entry.IsDirectory && KeyOf(ref entry).StartsWith(_prefix, StringComparison.Ordinal);

    protected override bool ShouldRecurseIntoEntry(ref FileSystemEntry entry)
    {
        string folder = KeyOf(ref entry) + "/";
        return folder != _tempFolder
            && (folder.StartsWith(_prefix, StringComparison.Ordinal) || _prefix.StartsWith(folder, StringComparison.Ordinal));
    }

    protected override BlobInfo TransformEntry(ref FileSystemEntry entry) => new(KeyOf(ref entry), entry.Length, entry.LastWriteTimeUtc.UtcDateTime);

    protected override bool ContinueOnError(int error) =>
        error == 2 || (OperatingSystem.IsWindows() && error == 3); // ENOENT, ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND

    private string KeyOf(ref FileSystemEntry entry)
    {
        var folder = entry.Directory[_root.Length..].TrimStart(Path.DirectorySeparatorChar);
        string key = folder.IsEmpty ? entry.FileName.ToString() : string.Concat(folder, "/", entry.FileName);
        return Path.DirectorySeparatorChar == '/' ? key : key.Replace(Path.DirectorySeparatorChar, '/');
    }
}
