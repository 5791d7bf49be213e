using GitMl.Core.Locks;

namespace GitMl.Core.Merge;

/// <summary>
/// The semantic three-way merge of ml.lock / dvc.lock (schema 2.0): a pure function (base, ours, theirs) ->
/// (merged text, conflicts). Stages merge by name with <see cref="KeyedMerge"/>'s rules, comparing their canonical
/// text, so entries written in another order are equal; the other top-level keys (schema, unknown keys) merge the
/// same way. The result is composed by <see cref="LockFileWriter"/> from canonical blocks: a merge with no conflict
/// is byte for byte the file repro would write for the merged content. Each conflicting entry appears once, as
/// git-style markers around our block and their block, at its sorted place.
/// </summary>
public static class LockMerger
{
    /// <param name="markerSize">Git's %L.</param>
    /// <param name="dropConflictingStages">Resolve stage conflicts by leaving the stage out (repro reruns it) instead of marking it.</param>
    public static LockMergeResult Merge(LockFile @base, LockFile ours, LockFile theirs, int markerSize = ConflictMarkers.DefaultSize, bool dropConflictingStages = false)
    {
        var conflicts = new List<LockConflict>();
        var dropped = new List<LockConflict>();

        var stageBlocks = new List<string>();
        foreach (var entry in KeyedMerge.Merge(StageBlocks(@base), StageBlocks(ours), StageBlocks(theirs), StringComparer.Ordinal))
        {
            if (entry.IsConflict)
            {
                var conflict = new LockConflict(entry.Key, IsStage: true, StageDifferences.Describe(ours.Stages.GetValueOrDefault(entry.Key), theirs.Stages.GetValueOrDefault(entry.Key)));
                (dropConflictingStages ? dropped : conflicts).Add(conflict);
                if (dropConflictingStages)
                {
                    continue;
                }
            }
            AddBlock(stageBlocks, entry, markerSize);
        }

        var schemaBlocks = new List<string>();
        var topLevelBlocks = new List<string>();
        var schema = KeyedMerge.Merge(SchemaBlock(@base), SchemaBlock(ours), SchemaBlock(theirs), StringComparer.Ordinal);
        var topLevel = KeyedMerge.Merge(TopLevelBlocks(@base), TopLevelBlocks(ours), TopLevelBlocks(theirs), StringComparer.Ordinal);
        foreach (var (entry, blocks) in schema.Select(e => (e, schemaBlocks)).Concat(topLevel.Select(e => (e, topLevelBlocks))))
        {
            if (entry.IsConflict)
            {
                conflicts.Add(new LockConflict(entry.Key, IsStage: false, [$"top-level key '{entry.Key}'"]));
            }
            AddBlock(blocks, entry, markerSize);
        }
        // Deleted on both sides is not a lock file git-ml reads differently: write the current schema then.
        string schemaText = schemaBlocks.Count > 0 ? schemaBlocks[0] : LockFileWriter.SchemaBlock(LockFile.CurrentSchema);
        return new LockMergeResult(LockFileWriter.Compose(schemaText, stageBlocks, topLevelBlocks), conflicts, dropped);
    }

    /// <summary>The merged block, the conflict markers around both versions, or nothing (deleted).</summary>
    private static void AddBlock(List<string> blocks, KeyedEntry<string> entry, int markerSize)
    {
        string? block = entry.IsConflict ? ConflictMarkers.Wrap(entry.Ours ?? "", entry.Theirs ?? "", markerSize) : entry.Merged;
        if (block is not null)
        {
            blocks.Add(block);
        }
    }

    private static Dictionary<string, string> StageBlocks(LockFile lockFile) =>
        lockFile.Stages.ToDictionary(s => s.Key, s => LockFileWriter.StageBlock(s.Key, s.Value), StringComparer.Ordinal);

    private static Dictionary<string, string> SchemaBlock(LockFile lockFile) =>
        new(StringComparer.Ordinal) { ["schema"] = LockFileWriter.SchemaBlock(lockFile.Schema) };

    private static Dictionary<string, string> TopLevelBlocks(LockFile lockFile) =>
        lockFile.Extra.ToDictionary(e => e.Key, e => LockFileWriter.TopLevelBlock(e.Key, e.Value), StringComparer.Ordinal);
}
