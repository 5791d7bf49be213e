namespace GitMl.Core.Lineage;

/// <summary>A training input in a lineage: its path, sha256 and size, and whether that content is approved (<see cref="ApprovedData"/>).</summary>
public sealed record LineageFile(string Path, string Oid, long Size, bool Approved);
