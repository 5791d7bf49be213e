using GitMl.Core.Objects;

namespace GitMl.Core.Transfer;

/// <summary>A pointer found in history, with one path it appears at (for messages and path filters).</summary>
public sealed record PointerUse(Pointer Pointer, string Path)
{
    public ObjectId Oid => Pointer.Oid;
}
