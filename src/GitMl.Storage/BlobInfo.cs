namespace GitMl.Storage;

/// <summary>An object in a store: its key (relative to the store's prefix) and size in bytes.</summary>
/// <param name="LastModifiedUtc">When the object was last written (its upload), as the store reports it; null when the
/// store does not say. Garbage collection's grace period goes by it.</param>
/// <param name="ETag">The store's version tag of the object, without quotes (S3's and Azure's ETag), which changes whenever
/// the object is written; null when the store has none (a local folder). Pipelines check external dependencies by it.</param>
public sealed record BlobInfo(string Key, long Size, DateTime? LastModifiedUtc = null, string? ETag = null)
{
    /// <summary>An ETag as HTTP spells it (<c>"abc"</c> or <c>W/"abc"</c>) without its quotes; null for none or empty.</summary>
    public static string? Unquote(string? etag)
    {
        string? bare = etag?.Trim();
        if (bare is not null && bare.StartsWith("W/", StringComparison.Ordinal))
        {
            bare = bare[2..];
        }
        bare = bare?.Trim('"');
        return string.IsNullOrEmpty(bare) ? null : bare;
    }
}
