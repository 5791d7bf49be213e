namespace GitMl.Core.Lineage;

/// <summary>The run in a lineage, as far as this clone knows it (a run recorded elsewhere and not fetched yet has only its id).</summary>
public sealed record LineageRun(string Id, string? Name, string? Status, DateTimeOffset? Start, string? User, bool Dirty);
