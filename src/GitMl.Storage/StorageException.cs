namespace GitMl.Storage;

/// <summary>
/// A storage operation failed. The message names the store (never its credentials) and the key, and says what
/// went wrong in words a user can act on.
/// </summary>
public class StorageException : Exception
{
    public StorageException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null, bool affectsWholeStore = false)
        : base(message, inner)
    {
        IsTransient = isTransient;
        RetryAfter = retryAfter;
        AffectsWholeStore = affectsWholeStore;
    }

    /// <summary>True when trying again may succeed (timeouts, resets, HTTP 429/500/502/503/504).</summary>
    public bool IsTransient { get; }

    /// <summary>How long the server asked us to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True when the failure is not about one object but about the store itself (credentials refused, a bucket or
    /// container that does not exist, a folder that is not mounted, a full or read-only disk), so every other
    /// operation on it would fail the same way. The transfer queue stops at the first such failure instead of trying
    /// (and retrying) every object. Usually not transient either; an endpoint that cannot be reached at all is both:
    /// the one request is retried (a server restarting), then the run stops.
    /// </summary>
    public bool AffectsWholeStore { get; }
}

/// <summary>The store has no object under the key.</summary>
public sealed class BlobNotFoundException(string store, string key)
    : StorageException($"{store}: no object '{key}'", isTransient: false)
{
    public string Key { get; } = key;
}

/// <summary>
/// An object's bytes are not what its key announces (length or SHA-256): on upload, the content given to
/// <see cref="IBlobStore.PutAsync"/>, and nothing was stored; on download, the bytes received, and a reader that
/// keeps only what reads to the end without an exception keeps nothing. Transient: damage in transit (or a flaky
/// disk) may be gone on the next try, and content that is wrong every time fails every try and is reported.
/// </summary>
public sealed class IntegrityException(string store, string key, string detail)
    : StorageException($"{store}: object '{key}' is damaged ({detail})", isTransient: true)
{
    public string Key { get; } = key;
}
