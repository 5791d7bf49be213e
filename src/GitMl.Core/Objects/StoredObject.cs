namespace GitMl.Core.Objects;

/// <summary>The result of adding content to the store.</summary>
/// <param name="AlreadyPresent">True when the store had the object before: nothing new was written.</param>
public readonly record struct StoredObject(ObjectId Oid, long Size, bool AlreadyPresent)
{
    public Pointer ToPointer() => new(Oid, Size);
}
