using GitMl.Core.Locks;

namespace GitMl.Core.Merge;

/// <summary>
/// The semantic three-way merge of ml.lock / dvc.lock (schema 2.0): a pure function (base, ours, theirs) ->
/// (merged text, conflicts). Stages merge by name with <see cref="KeyedMerge"/>'s rules, compared by meaning
/// (canonical text), so entries written in another order are equal; the other top-level keys (schema, unknown keys)
/// merge the same way. The result is composed by <see cref="LockFileWriter"/> from canonical blocks: a merge of
/// canonical files with no conflict is byte for byte the file repro would write for the merged content. Each
/// conflicting entry appears once, as git-style markers around our block and their block, at its sorted place.
/// Entries with the same text in all versions are copied as they are, without parsing (see <see cref="LockEntry"/>).
/// </summary>
public static class LockMerger
{
    /// <param name="markerSize">Git's %L.</param>
    /// <param name="dropConflictingStages">Resolve stage conflicts by leaving the stage out (repro reruns it) instead of marking it.</param>
    public static LockMergeResult Merge(LockFile @base, LockFile ours, LockFile theirs, int markerSize = ConflictMarkers.DefaultSize, bool dropConflictingStages = false) =>
        Merge(LockEntries.From(@base), LockEntries.From(ours), LockEntries.From(theirs), markerSize, dropConflictingStages);

    /// <summary>Merges three versions of a lock file's text; <paramref name="name"/> names the file in errors.</summary>
    /// <exception cref="Pipelines.PipelineFormatException">A version is not a lock file.</exception>
    public static LockMergeResult Merge(string @base, string ours, string theirs, string name, int markerSize = ConflictMarkers.DefaultSize, bool dropConflictingStages = false) =>
        Merge(LockEntries.Read(@base, $"{name} (merge base)"), LockEntries.Read(ours, $"{name} (ours)"), LockEntries.Read(theirs, $"{name} (theirs)"), markerSize, dropConflictingStages);

    private static LockMergeResult Merge(LockEntries @base, LockEntries ours, LockEntries theirs, int markerSize, bool dropConflictingStages)
    {
        var conflicts = new List<LockConflict>();
        var dropped = new List<LockConflict>();

        var stageBlocks = new List<string>();
        foreach (var entry in KeyedMerge.Merge(@base.Stages, ours.Stages, theirs.Stages, LockEntry.SameMeaning))
        {
            if (entry.IsConflict)
            {
                var conflict = new LockConflict(entry.Key, IsStage: true, StageDifferences.Describe(entry.Ours?.Stage, entry.Theirs?.Stage));
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
        var schema = KeyedMerge.Merge(@base.Schema, ours.Schema, theirs.Schema, LockEntry.SameMeaning);
        var topLevel = KeyedMerge.Merge(@base.TopLevel, ours.TopLevel, theirs.TopLevel, LockEntry.SameMeaning);
        foreach (var (entry, blocks) in schema.Select(e => (e, schemaBlocks)).Concat(topLevel.Select(e => (e, topLevelBlocks))))
        {
            if (entry.IsConflict)
            {
                conflicts.Add(new LockConflict(entry.Key, IsStage: false, [$"top-level key '{entry.Key}'"]));
            }
            AddBlock(blocks, entry, markerSize);
        }
        // Deleted on both sides (or never written) is not a lock file git-ml reads differently: write the current schema then.
        string schemaText = schemaBlocks.Count > 0 ? schemaBlocks[0] : LockFileWriter.SchemaBlock(LockFile.CurrentSchema);
        return new LockMergeResult(LockFileWriter.Compose(schemaText, stageBlocks, topLevelBlocks), conflicts, dropped);
    }

    /// <summary>
    /// The merged entry's block: as found when both sides have the same text, canonical when it came from one side's
    /// change (or the sides differ only in how they wrote it); conflict markers around both; nothing when deleted.
    /// </summary>
    private static void AddBlock(List<string> blocks, KeyedEntry<LockEntry> entry, int markerSize)
    {
        string? block = entry.IsConflict ? ConflictMarkers.Wrap(entry.Ours?.Canonical ?? "", entry.Theirs?.Canonical ?? "", markerSize)
            : entry.Merged is not { } merged ? null
            : entry.Ours is { } o && entry.Theirs is { } t && o.Text == t.Text ? merged.Text
            : merged.Canonical;
        if (block is not null)
        {
            blocks.Add(block);
        }
    }
}
