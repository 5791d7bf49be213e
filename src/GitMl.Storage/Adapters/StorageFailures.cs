namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends' error mapping: the failures every HTTP backend reports in the same words, so that
/// a user reads the same message whichever cloud the remote is on.
/// </summary>
public static class StorageFailures
{
    /// <summary>What failed, to start a message: "s3://b/p: reading 'ab/cd/ef' failed", or without the key for a whole-store operation.</summary>
    public static string What(string store, string operation, string? key) =>
        key is null ? $"{store}: {operation} failed" : $"{store}: {operation} '{key}' failed";

    /// <summary>The server is overloaded or failed (HTTP 429, 5xx): transient, with the wait it asked for.</summary>
    /// <param name="detail">The status and error code, as "HTTP 503 SlowDown".</param>
    public static StorageException ServerBusy(string what, string detail, TimeSpan? retryAfter, Exception inner)
    {
        var wait = retryAfter is { } after ? $"; the server asks to retry after {after.TotalSeconds:0.#} s" : "";
        return new StorageException($"{what}: the server is busy or failed ({detail}){wait}.", isTransient: true, retryAfter, inner);
    }

    /// <summary>
    /// A transient "network error talking to ENDPOINT" when the exception or one it wraps is a network failure or a
    /// timeout (the SDKs wrap them in their own exceptions); null when none is.
    /// </summary>
    /// <param name="endpoint">Where requests go, without secrets.</param>
    public static StorageException? NetworkFailure(Exception error, string what, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
            {
                var reason = e is OperationCanceledException or TimeoutException ? "timed out" : FirstLine(e.Message);
                return new StorageException($"{what}: network error talking to {endpoint} ({reason}).", isTransient: true, inner: error);
            }
        }

        return null;
    }

    /// <summary>The first line of a message: SDK messages go on to quote whole responses.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }
}
