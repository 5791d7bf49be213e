namespace GitMl.Core.Objects;

/// <summary>The store does not have an object it was asked for.</summary>
public sealed class ObjectMissingException : Exception
{
    public ObjectMissingException(ObjectId oid)
        : base($"object {oid} is not in the local git-ml store") => Oid = oid;

    /// <summary>With a message that names what needed the object and how to get it.</summary>
    public ObjectMissingException(ObjectId oid, string message)
        : base(message) => Oid = oid;

    public ObjectId Oid { get; }
}
