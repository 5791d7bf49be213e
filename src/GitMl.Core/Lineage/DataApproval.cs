using GitMl.Core.Objects;

namespace GitMl.Core.Lineage;

/// <summary>One approved data content: its sha256 (a folder by its manifest's oid), the path it had when approved, who approved it, when and why.</summary>
public sealed record DataApproval(ObjectId Oid, string Path, string User, DateTimeOffset At, string Message);
