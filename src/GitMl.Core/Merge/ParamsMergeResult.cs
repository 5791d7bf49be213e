namespace GitMl.Core.Merge;

/// <summary>The merged parameters file (our text with their changes spliced in, markers at conflicting keys) and its conflicts.</summary>
public sealed record ParamsMergeResult(string Text, IReadOnlyList<ParamConflict> Conflicts);
