namespace GitMl.Core.Registry;

/// <summary>The merge of one model file: the merged record (null when there are conflicts) and the conflicts in words.</summary>
public sealed record ModelMergeResult(ModelRecord? Merged, IReadOnlyList<string> Conflicts);
