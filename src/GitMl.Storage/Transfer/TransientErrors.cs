using System.Net;
using System.Net.Sockets;

namespace GitMl.Storage.Transfer;

/// <summary>Which failures a retry may fix. Backends say so on their <see cref="StorageException"/>s; the rest is
/// what streams and HTTP clients throw when a connection breaks or times out.</summary>
internal static class TransientErrors
{
    /// <summary>Whether trying again may succeed. The caller has already handled its own cancellation.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        StorageException storage => storage.IsTransient, // IntegrityException included: damage in transit is transient
        // A source that is not there: trying again cannot bring it back.
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        IOException => true, // connection reset, broken pipe, an NFS or USB hiccup
        HttpRequestException http => http.StatusCode is not { } status || IsTransientStatus(status),
        SocketException or TimeoutException => true,
        // Not the caller's cancellation (that never gets here): an HTTP client's own timeout.
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>How long the server asked us to wait, when it did.</summary>
    public static TimeSpan? RetryAfter(Exception e) => (e as StorageException)?.RetryAfter;

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
