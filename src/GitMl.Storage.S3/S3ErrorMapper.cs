using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.S3;

/// <summary>
/// Turns what the SDK and the network throw into <see cref="StorageException"/>s that say what to do. Transient:
/// HTTP 429/500/502/503/504, S3's SlowDown and RequestTimeout, timeouts, refused or reset connections. Messages
/// name the store, the key and where the credentials came from, never a secret.
/// </summary>
internal sealed class S3ErrorMapper(string store, string bucket, string credentialSource, string endpoint)
{
    /// <summary>
    /// What the SDK throws at the end of a GetObject body whose MD5 differs from the ETag. It checks that only for
    /// objects stored by a single PutObject (a multipart ETag is no MD5 of the content), and it is no transport error:
    /// it becomes an <see cref="IntegrityException"/>, transient like any damaged download.
    /// </summary>
    private const string DamagedDownloadMessage = "Expected hash not equal to calculated hash";

    /// <summary>Whether <paramref name="exception"/> is a storage failure to map (and not a bug or the caller's cancellation).</summary>
    public static bool IsStorageFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The exception to throw for a failed <paramref name="operation"/> ("reading", "writing", ...) on <paramref name="key"/>.</summary>
    public StorageException Map(Exception exception, string operation, string? key)
    {
        if (exception is StorageException storage)
        {
            return storage;
        }

        var what = StorageFailures.What(store, operation, key);
        if (key is not null && exception is AmazonClientException { Message: DamagedDownloadMessage })
        {
            return new IntegrityException(store, key, "its MD5 does not match the ETag S3 stored");
        }

        return exception is AmazonServiceException { StatusCode: not 0 } service
            ? MapServiceError(service, what, key)
            : MapClientError(exception, what);
    }

    private StorageException MapServiceError(AmazonServiceException error, string what, string? key)
    {
        var status = (int)error.StatusCode;
        var code = string.IsNullOrEmpty(error.ErrorCode) ? error.StatusCode.ToString() : error.ErrorCode;
        var detail = $"HTTP {status} {code}";

        if (code == "NoSuchBucket")
        {
            return new StorageException(
                $"{what}: bucket '{bucket}' does not exist at {endpoint} ({detail}); create it (e.g. `aws s3 mb s3://{bucket}`) or fix the remote's URL.",
                isTransient: false, inner: error, affectsWholeStore: true);
        }

        if (code == "NoSuchKey" && key is not null)
        {
            return new BlobNotFoundException(store, key);
        }

        if (IsTransient(error.StatusCode, code))
        {
            return StorageFailures.ServerBusy(what, detail, RetryAfterOf(error), error);
        }

        if (error.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
            || code is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken" or "AccessDenied")
        {
            return new StorageException(
                $"{what}: access denied ({detail}) with {credentialSource}. Check that these credentials are valid and allow "
                + $"s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on bucket '{bucket}' (without s3:ListBucket "
                + "S3 answers 403 instead of 404 for a missing object), or configure other credentials.",
                isTransient: false, inner: error, affectsWholeStore: true);
        }

        if (code is "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException"
            || error.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect)
        {
            var region = HeaderOf(error, "x-amz-bucket-region");
            var hint = string.IsNullOrEmpty(region) ? "set the remote's region to the bucket's" : $"the bucket is in region '{region}': set the remote's region to it";
            return new StorageException($"{what}: wrong region for bucket '{bucket}' ({detail}); {hint}.", isTransient: false, inner: error, affectsWholeStore: true);
        }

        if (code == "RequestTimeTooSkewed")
        {
            return new StorageException($"{what}: this machine's clock is off by more than 15 minutes ({detail}); fix the clock.", isTransient: false, inner: error, affectsWholeStore: true);
        }

        return new StorageException($"{what}: {detail}: {StorageFailures.FirstLine(error.Message)}", isTransient: false, inner: error);
    }

    private StorageException MapClientError(Exception error, string what) =>
        StorageFailures.NetworkFailure(error, what, endpoint)
        ?? (error is AmazonClientException { Message: { } message } && message.StartsWith(NoCredentialsMessage, StringComparison.Ordinal)
            ? new StorageException(
                $"{what}: no AWS credentials found (looked in {credentialSource}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                + "or AWS_PROFILE, or give this remote its own with 'git ml remote modify --local NAME accessKeyId ID' and 'secretAccessKey'.",
                isTransient: false, inner: error, affectsWholeStore: true)

            // Anything else from the SDK is a configuration problem.
            : new StorageException($"{what}: {StorageFailures.FirstLine(error.Message)} (credentials: {credentialSource}).", isTransient: false, inner: error, affectsWholeStore: true));

    /// <summary>How the SDK's message starts when no credential provider found credentials.</summary>
    private const string NoCredentialsMessage = "Failed to resolve AWS credentials";

    private static bool IsTransient(HttpStatusCode status, string code) =>
        (int)status is 429 or 500 or 502 or 503 or 504 || code is "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable";

    private static TimeSpan? RetryAfterOf(Exception error) => RetryAfterHeader.Parse(HeaderOf(error, "Retry-After"), DateTimeOffset.UtcNow);

    /// <summary>A header of the failed response: the SDK keeps the HTTP response only as an inner exception.</summary>
    private static string? HeaderOf(Exception error, string name)
    {
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is HttpErrorResponseException { Response: { } response } && response.IsHeaderPresent(name))
            {
                return response.GetHeaderValue(name);
            }
        }

        return null;
    }
}
