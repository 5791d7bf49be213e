using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>A file a run read or wrote: its path in the working tree and the sha256 of its content.</summary>
public sealed record RunFile(string Path, ObjectId Oid, long Size);
