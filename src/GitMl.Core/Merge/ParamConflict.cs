namespace GitMl.Core.Merge;

/// <summary>A key both sides of a parameters-file merge changed differently.</summary>
/// <param name="Key">Dotted, as in ml.yaml's params lists.</param>
/// <param name="Ours">Our value in flow YAML; null when we deleted the key.</param>
/// <param name="Theirs">Their value; null when they deleted it.</param>
public sealed record ParamConflict(string Key, string? Ours, string? Theirs);
