namespace GitMl.Storage;

/// <summary>An object in a store: its key (relative to the store's prefix) and size in bytes.</summary>
public sealed record BlobInfo(string Key, long Size);
