using GitMl.Core.Objects;

namespace GitMl.Core.Metrics;

/// <summary>The files of the working tree, as they are on disk now (uncommitted changes included).</summary>
public sealed class WorkspaceFiles(string workTree, ObjectStore store) : RevisionFiles(WorkspaceLabel, store)
{
    protected override IReadOnlyList<byte[]?> ReadFiles(IReadOnlyList<string> paths) =>
        paths.Select(p => Path.Combine(workTree, p)).Select(full => File.Exists(full) ? File.ReadAllBytes(full) : null).ToList();
}
