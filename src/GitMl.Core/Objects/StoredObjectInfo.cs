namespace GitMl.Core.Objects;

/// <summary>An object found in the store: its id, size and when it was written.</summary>
public sealed record StoredObjectInfo(ObjectId Oid, long Size, DateTime WrittenUtc);
