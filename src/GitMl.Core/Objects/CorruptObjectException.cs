namespace GitMl.Core.Objects;

/// <summary>
/// A stored object's bytes do not hash to its name. The object has been moved out of the store (to
/// <see cref="QuarantinePath"/>), so the next read reports it missing instead of serving bad bytes again.
/// </summary>
public sealed class CorruptObjectException : Exception
{
    public CorruptObjectException(ObjectId oid, string detail, string? quarantinePath)
        : base($"object {oid} is corrupt ({detail})" + (quarantinePath is null ? "" : $"; moved to {quarantinePath}"))
    {
        Oid = oid;
        Detail = detail;
        QuarantinePath = quarantinePath;
    }

    public ObjectId Oid { get; }

    public string Detail { get; }

    public string? QuarantinePath { get; }
}
