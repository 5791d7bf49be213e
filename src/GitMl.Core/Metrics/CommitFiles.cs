using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Metrics;

/// <summary>
/// The files of one commit, read from Git's object database with `git cat-file --batch` (no checkout, no filter).
/// </summary>
/// <param name="label">The revision as the user named it, for headers and messages.</param>
/// <param name="commit">The commit's full object id (see <see cref="Revisions.Resolve"/>).</param>
public sealed class CommitFiles(GitCli git, string label, string commit, ObjectStore store) : RevisionFiles(label, store)
{
    /// <summary>The commit's full object id.</summary>
    public string Commit { get; } = commit;

    protected override IReadOnlyList<byte[]?> ReadFiles(IReadOnlyList<string> paths) =>
        GitObjects.ReadBlobs(git, paths.Select(p => $"{Commit}:{p}").ToList());
}
