using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Git;

namespace GitMl.Core.Filters;

/// <summary>
/// Working-tree files git-ml wrote itself from a verified object (the post-checkout hook's large files), each with
/// the stamp it had right after the write (<see cref="StampRecords"/>), kept per worktree in its own git folder.
/// When git asks the clean filter about such a file while its stamp is unchanged (the index refresh right after the
/// hook, a racily clean `git status`), the filter answers with the file's pointer without hashing the bytes git
/// sends: they are the object's, and the file cannot have changed without changing its mtime, ctime or inode.
/// </summary>
public sealed class WrittenFiles
{
    private readonly string _top;
    private readonly StampRecords _records;

    private WrittenFiles(string top, string file)
    {
        _top = top;
        _records = new StampRecords(file);
    }

    /// <summary>The records of a repository's worktree, or null for a bare repository.</summary>
    public static WrittenFiles? For(RepositoryLayout layout) =>
        layout.WorkTree is { } top ? new WrittenFiles(top, Path.Combine(layout.GitDirectory, "ml", "written-stamps")) : null;

    /// <summary>Records that <paramref name="relativePath"/> holds <paramref name="pointer"/>'s object while it has <paramref name="stamp"/>.</summary>
    public void Record(string relativePath, FileStamp stamp, Pointer pointer)
    {
        if (stamp.Size == pointer.Size)
        {
            _records.Record(relativePath, stamp, pointer.Oid);
        }
    }

    /// <summary>
    /// The pointer of <paramref name="relativePath"/> when it is still exactly the file git-ml wrote there, else null
    /// (no record: no stat at all; a record: one statx).
    /// </summary>
    public Pointer? Unchanged(string relativePath)
    {
        if (!_records.Has(relativePath))
        {
            return null;
        }
        try
        {
            return FileStamp.Of(Path.Combine(_top, relativePath)) is { } stamp && _records.Lookup(relativePath, stamp) is { } oid
                ? new Pointer(oid, stamp.Size)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
