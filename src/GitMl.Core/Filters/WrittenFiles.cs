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
/// <para>That holds only when git cleans the working file itself. Some commands send other bytes under a working
/// file's name (`git hash-object --path`, `git cat-file --filters`, `git blame --contents`, merges with
/// merge.renormalize): the record is used only when the filter's parent is a command that reads working files
/// (<see cref="ReadsWorkingFiles"/>), and everything else is hashed as ever.</para>
/// </summary>
public sealed class WrittenFiles
{
    /// <summary>Git commands whose clean requests carry the working file at the path named.</summary>
    private static readonly HashSet<string> CommandsCleaningWorkingFiles = new(StringComparer.Ordinal)
    {
        "update-index", "status", "add", "commit", "stash", "diff-files", "diff-index",
    };

    private readonly string _top;
    private readonly StampRecords _records;
    private readonly Lazy<bool> _applies;

    private WrittenFiles(string top, string file, Func<bool> applies)
    {
        _top = top;
        _records = new StampRecords(file);
        _applies = new Lazy<bool>(applies);
    }

    /// <summary>The records of a repository's worktree, or null for a bare repository.</summary>
    /// <param name="applies">Whether clean requests carry working files (asked once, and only when a record names the
    /// path); by default, whether the parent process is such a git command. Writers pass nothing.</param>
    public static WrittenFiles? For(RepositoryLayout layout, Func<bool>? applies = null) =>
        layout.WorkTree is { } top
            ? new WrittenFiles(top, Path.Combine(layout.GitDirectory, "ml", "written-stamps"), applies ?? (() => ReadsWorkingFiles(LargeFileHandOff.ParentCommandLine())))
            : null;

    /// <summary>Whether a git command line is one whose clean requests carry the working file at the path named.</summary>
    public static bool ReadsWorkingFiles(IReadOnlyList<string>? parentCommandLine) =>
        parentCommandLine is not null && LargeFileHandOff.GitSubcommand(parentCommandLine) is { } command && CommandsCleaningWorkingFiles.Contains(command);

    /// <summary>Records that <paramref name="relativePath"/> holds <paramref name="pointer"/>'s object while it has <paramref name="stamp"/>.</summary>
    public void Record(string relativePath, FileStamp stamp, Pointer pointer)
    {
        if (stamp.Size == pointer.Size)
        {
            _records.Record(relativePath, stamp, pointer.Oid);
        }
    }

    /// <summary>
    /// The full path of the working file git is cleaning as <paramref name="relativePath"/>, when git's clean requests
    /// carry working files (so the file may be read in place of git's copy) and no symbolic link is on its way; else null.
    /// </summary>
    /// Only files larger than the store's in-memory limit are named (one statx to tell), so a tree of small files
    /// pays nothing more.
    public string? LargeWorkingFile(string relativePath)
    {
        if (!_applies.Value)
        {
            return null;
        }
        try
        {
            string full = Path.Combine(_top, relativePath);
            if (FileStamp.Of(full) is not { } stamp || stamp.Size <= ObjectStore.SmallObjectLimit)
            {
                return null;
            }
            WorktreeFiles.CheckNoLink(_top, relativePath, includeLast: true, writing: false);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The pointer of <paramref name="relativePath"/> when it is still exactly the file git-ml wrote there, else null
    /// (no record: no stat at all; a record: one statx).
    /// </summary>
    public Pointer? Unchanged(string relativePath)
    {
        if (!_records.Has(relativePath) || !_applies.Value)
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
