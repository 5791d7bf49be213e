using GitMl.Core.Objects;

namespace GitMl.Core.Metrics;

/// <summary>
/// The files of the working tree, as they are on disk now (uncommitted changes included). A path a pipeline names
/// that leads outside the working tree reads as missing (as at a commit); a symbolic link on the way is refused
/// (<see cref="WorktreeFiles"/>), never followed.
/// </summary>
public sealed class WorkspaceFiles(string workTree, ObjectStore store) : RevisionFiles(WorkspaceLabel, store)
{
    /// <exception cref="WorktreeLinkException">A parent folder or the file itself is a symbolic link.</exception>
    protected override IReadOnlyList<byte[]?> ReadFiles(IReadOnlyList<string> paths) => paths.Select(ReadFromDisk).ToList();

    private byte[]? ReadFromDisk(string path)
    {
        if (path.Length == 0 || path == ".." || path.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(path))
        {
            return null;
        }
        string full = Path.Combine(workTree, path);
        WorktreeFiles.CheckNoLink(workTree, path, includeLast: true, writing: false);
        if (!File.Exists(full))
        {
            return null;
        }
        using var stream = WorktreeFiles.OpenRead(workTree, path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
