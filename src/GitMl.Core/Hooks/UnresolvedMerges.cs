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
        files.Where(f => f.Content is { } c && MayHoldMarkers(c) && !PreCommitCheck.IsBinary(c) && ConflictMarkers.Contains(Encoding.UTF8.GetString(c))).ToList();

    /// <summary>
    /// A byte scan that rules out almost every file without decoding it (this runs on every commit, over every staged
    /// file): a marker line starts with seven of the same marker character, so a file without such a run has none.
    /// </summary>
    private static bool MayHoldMarkers(ReadOnlySpan<byte> content) =>
        content.IndexOf("<<<<<<<"u8) >= 0 || content.IndexOf("======="u8) >= 0 || content.IndexOf("|||||||"u8) >= 0 || content.IndexOf(">>>>>>>"u8) >= 0;

    /// <summary>The violations among <paramref name="withMarkers"/>, given each path's merge attribute (null: unspecified).</summary>
    public static List<PreCommitViolation> Find(IEnumerable<PreCommitCheck.StagedFile> withMarkers, Func<string, string?> mergeAttribute) =>
        withMarkers
            .Where(f => mergeAttribute(f.Path) is "ml-lock" or "ml-params" || KnownNames.Contains(Path.GetFileName(f.Path), StringComparer.Ordinal))
            .Select(f => new PreCommitViolation(f.Path, f.Size, PreCommitViolationKind.ConflictMarkers, Line: ConflictMarkers.FirstLine(Encoding.UTF8.GetString(f.Content!))))
            .ToList();
}
