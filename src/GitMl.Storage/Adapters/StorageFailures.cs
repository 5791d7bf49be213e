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
    /// A "network error talking to ENDPOINT" when the exception or one it wraps is a network failure or a timeout (the
    /// SDKs wrap them in their own exceptions); null when none is. Transient, since a retry may succeed. When the
    /// endpoint could not be reached at all (connection refused, no such host, no route, TLS handshake failed) the
    /// failure also concerns the whole store: every other request would fail the same way, so a transfer stops
    /// after that one's retries instead of trying every object.
    /// </summary>
    /// <param name="endpoint">Where requests go, without secrets.</param>
    public static StorageException? NetworkFailure(Exception error, string what, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (Unreachable(e) is { } why)
            {
                return new StorageException(
                    $"{what}: cannot reach {endpoint} ({why}); check the remote's endpoint and your network, then try again.",
                    isTransient: true, inner: error, affectsWholeStore: true);
            }
        }
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
            {
                var reason = e is OperationCanceledException or TimeoutException ? "timed out" : Reason(e);
                return new StorageException($"{what}: network error talking to {endpoint} ({reason}).", isTransient: true, inner: error);
            }
        }

        return null;
    }

    /// <summary>Why the endpoint could not be reached at all, in our words; null when it was reached (or it is unclear).</summary>
    private static string? Unreachable(Exception e) => e switch
    {
        System.Net.Sockets.SocketException socket => socket.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "connection refused: nothing listens there",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.TryAgain => "no such host",
            System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.HostDown => "no route to the host",
            _ => null,
        },
        HttpRequestException http => http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "no such host",
            HttpRequestError.SecureConnectionError => "the secure (TLS) connection could not be set up",
            _ => null,
        },
        _ => null,
    };

    /// <summary>
    /// A network exception's reason in words: the runtime's own messages are resource keys in git-ml's build
    /// (UseSystemResourceKeys), but a socket error has a name.
    /// </summary>
    private static string Reason(Exception e) => e switch
    {
        System.Net.Sockets.SocketException socket => socket.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionReset => "the connection was reset",
            System.Net.Sockets.SocketError.ConnectionAborted => "the connection was aborted",
            System.Net.Sockets.SocketError.TimedOut => "timed out",
            var code => $"socket error {code}",
        },
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection failed",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the server closed the connection before answering",
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => "the server's answer was not valid HTTP",
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } => "the proxy refused the connection",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpRequestException => "the HTTP request failed",
        _ => "the connection broke",
    };

    /// <summary>The first line of a message: SDK messages go on to quote whole responses.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }
}
