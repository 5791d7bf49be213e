using System.Text;
using GitMl.Core.Merge;

namespace GitMl.Core.Hooks;

/// <summary>
/// Pre-commit's check for lock and parameters files staged with conflict markers still in them: git accepts such a
/// file, and the next repro or params read would fail on it. A file counts when git-ml's merge drivers handle it
/// (merge=ml-lock or merge=ml-params) or by its name (ml.lock, dvc.lock, params.yaml), whatever the attributes say.
/// </summary>
public static class UnresolvedMerges
{
    private static readonly string[] KnownNames = ["ml.lock", "dvc.lock", "params.yaml"];

    /// <summary>Staged text files with conflict markers (the candidates; cheap, no git call).</summary>
    public static List<PreCommitCheck.StagedFile> WithMarkers(IEnumerable<PreCommitCheck.StagedFile> files) =>
        files.Where(f => f.Content is { } c && !PreCommitCheck.IsBinary(c) && ConflictMarkers.Contains(Encoding.UTF8.GetString(c))).ToList();

    /// <summary>The violations among <paramref name="withMarkers"/>, given each path's merge attribute (null: unspecified).</summary>
    public static List<PreCommitViolation> Find(IEnumerable<PreCommitCheck.StagedFile> withMarkers, Func<string, string?> mergeAttribute) =>
        withMarkers
            .Where(f => mergeAttribute(f.Path) is "ml-lock" or "ml-params" || KnownNames.Contains(Path.GetFileName(f.Path), StringComparer.Ordinal))
            .Select(f => new PreCommitViolation(f.Path, f.Size, PreCommitViolationKind.ConflictMarkers, Line: ConflictMarkers.FirstLine(Encoding.UTF8.GetString(f.Content!))))
            .ToList();
}
