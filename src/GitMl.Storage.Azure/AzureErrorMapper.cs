using System.Net.Sockets;
using Azure;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.Azure;

/// <summary>
/// Turns what the Azure SDK and the network throw into <see cref="StorageException"/>s that say what to do.
/// Transient: HTTP 429/500/502/503/504, timeouts, refused or reset connections. Messages name the store, the key
/// and where the credentials came from, never a secret (nor the SDK's message, which quotes whole responses).
/// </summary>
internal sealed class AzureErrorMapper(string store, string container, string credentialSource, string endpoint)
{
    /// <summary>Whether <paramref name="exception"/> is a storage failure to map (and not a bug or the caller's cancellation).</summary>
    public static bool IsStorageFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        RequestFailedException or AggregateException or HttpRequestException or IOException or SocketException or TimeoutException => true,
        // The SDK parses an error response's body as XML, and throws this when it is not (an empty body, a proxy's page).
        System.Xml.XmlException => true,
        _ => false,
    };

    public static bool IsContainerNotFound(Exception exception) =>
        exception is RequestFailedException { Status: 404, ErrorCode: "ContainerNotFound" };

    /// <summary>The exception to throw for a failed <paramref name="operation"/> ("reading", "writing", ...) on <paramref name="key"/>.</summary>
    public StorageException Map(Exception exception, string operation, string? key)
    {
        if (exception is StorageException storage)
        {
            return storage;
        }

        var what = StorageFailures.What(store, operation, key);
        return exception is RequestFailedException { Status: not 0 } failed
            ? MapServiceError(failed, what, key)
            : MapClientError(exception, what);
    }

    private StorageException MapServiceError(RequestFailedException error, string what, string? key)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? "" : " " + error.ErrorCode;
        var detail = $"HTTP {error.Status}{code}";

        if (error.ErrorCode is "ContainerNotFound" or "ResourceNotFound")
        {
            return new StorageException(
                $"{what}: container '{container}' (or its storage account) does not exist at {endpoint} ({detail}); "
                + "git-ml creates the container on its first upload; otherwise check the remote's account and container.",
                isTransient: false, inner: error, affectsWholeStore: true);
        }

        if (error.ErrorCode == "BlobNotFound" && key is not null)
        {
            return new BlobNotFoundException(store, key);
        }

        if (error.Status is 429 or 500 or 502 or 503 or 504 || error.ErrorCode is "ServerBusy" or "OperationTimedOut" or "InternalError")
        {
            var retryAfter = error.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value)
                ? RetryAfterHeader.Parse(value, DateTimeOffset.UtcNow)
                : null;
            return StorageFailures.ServerBusy(what, detail, retryAfter, error);
        }

        if (error.Status is 401 or 403)
        {
            return new StorageException(
                $"{what}: access denied ({detail}) with {credentialSource}. Check that the key or SAS token is current and allows "
                + $"read, write, list, delete (and create, for a new container) on container '{container}', or configure other credentials.",
                isTransient: false, inner: error, affectsWholeStore: true);
        }

        if (error.ErrorCode is "Md5Mismatch" or "Crc64Mismatch")
        {
            return new StorageException($"{what}: the server received different bytes than were sent ({detail}).", isTransient: true, inner: error);
        }

        return new StorageException($"{what}: {detail}.", isTransient: false, inner: error);
    }

    // The SDK's own message is not passed on: it quotes whole responses.
    private StorageException MapClientError(Exception error, string what) =>
        StorageFailures.NetworkFailure(error, what, endpoint)
        ?? (error is System.Xml.XmlException
            ? new StorageException(
                $"{what}: {endpoint} answered with an error that is not Azure Blob storage's (its body is not the XML Azure sends); "
                + $"check the remote's endpoint, and that {credentialSource} is valid for it.", isTransient: false, inner: error, affectsWholeStore: true)
            : new StorageException($"{what}: the Azure SDK failed ({error.GetType().Name}) (credentials: {credentialSource}).", isTransient: false, inner: error, affectsWholeStore: true));
}
