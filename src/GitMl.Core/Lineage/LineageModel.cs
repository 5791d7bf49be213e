namespace GitMl.Core.Lineage;

/// <summary>The model version at the head of a lineage: which URI named it, what it is, who registered it and where it stands now.</summary>
public sealed record LineageModel(string Name, int Version, string Uri, string Oid, long Size, string Path, string User, DateTimeOffset Registered, string Message, IReadOnlyList<string> Stages);
