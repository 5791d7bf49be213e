using GitMl.Core.Objects;

namespace GitMl.Server.Artifacts;

/// <summary>A file under an artifact root: its path relative to the root, its content (an object in the store) and size.</summary>
public sealed record ArtifactFile(string Path, ObjectId Oid, long Size);
