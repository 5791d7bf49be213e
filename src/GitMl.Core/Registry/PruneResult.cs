namespace GitMl.Core.Registry;

/// <summary>What `git ml model prune` found (and, unless a dry run, marked deleted): model, version, rule.</summary>
public sealed record PruneResult(RetentionPolicy Policy, IReadOnlyList<(string Model, int Version, string Reason)> Versions, bool Deleted);
