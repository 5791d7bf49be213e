namespace GitMl.Core.Registry;

/// <summary>A file a run read or wrote: its repository-relative path, content oid (64 lowercase hex, SHA-256) and size.</summary>
public sealed record RunArtifact(string Path, string Oid, long Size);
