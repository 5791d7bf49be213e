namespace GitMl.Storage;

/// <summary>An object in a store: its key (relative to the store's prefix) and size in bytes.</summary>
/// <param name="LastModifiedUtc">When the object was last written (its upload), as the store reports it; null when the
/// store does not say. Garbage collection's grace period goes by it.</param>
public sealed record BlobInfo(string Key, long Size, DateTime? LastModifiedUtc = null);
