using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.S3;

/// <summary>
/// <see cref="IBlobStore"/> on Amazon S3 or an S3-compatible server, under one bucket and key prefix.
/// Every call makes its requests once (the SDK's retries are off: git-ml's transfer queue retries, honouring
/// Retry-After), and every failure is a <see cref="StorageException"/>.
/// </summary>
public sealed class S3BlobStore : IBlobStore
{
    private readonly S3StoreOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3ErrorMapper _errors;
    private readonly S3Uploader _uploader;
    private readonly ObjectNamePrefix _names;

    public S3BlobStore(S3StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _names = new ObjectNamePrefix(options.Prefix);
        Description = StoreName.Describe(options.Name, $"s3://{options.Bucket}/{_names}");
        var credentials = S3CredentialSource.Resolve(options);
        _client = S3ClientFactory.Create(options, credentials);
        _errors = new S3ErrorMapper(Description, options.Bucket, credentials.Description, EndpointName(options));
        _uploader = new S3Uploader(_client, options);
    }

    public string Description { get; }

    /// <summary>
    /// By listing the keys' first folders where that takes fewer requests, else one HEAD request per key,
    /// <see cref="S3StoreOptions.ExistsParallelism"/> at a time (see <see cref="ListingExistence"/>).
    /// </summary>
    public Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        ListingExistence.FindAsync(keys, _options.ExistsParallelism, ListPageSize, ListAsync, ExistsAsync, cancellationToken);

    /// <summary>Objects per ListObjectsV2 response: the service's (and s3rver's) default and maximum.</summary>
    private const int ListPageSize = 1000;

    public async Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var objectKey = _names.NameOf(key);
        using var verified = new VerifiedContentReader(Description, key, content, length, sha256);
        try
        {
            await _uploader.PutAsync(objectKey, verified, sha256, cancellationToken);
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "writing", key);
        }
    }

    public async Task<BlobDownload> GetAsync(string key, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = _names.NameOf(key) }, cancellationToken);
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "reading", key);
        }

        var length = response.ContentLength;
        var body = new DownloadStream(response.ResponseStream, length, response, e => S3ErrorMapper.IsStorageFailure(e, CancellationToken.None) ? _errors.Map(e, "reading", key) : null);
        return new BlobDownload(body, length);
    }

    /// <summary>Checks <paramref name="prefix"/> at once, not when the listing is first enumerated.</summary>
    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) =>
        ListAsync(prefix, _names.ListingPrefixOf(prefix), cancellationToken);

    private async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, string namePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = namePrefix };
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.ListObjectsV2Async(request, cancellationToken);
            }
            catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
            {
                throw _errors.Map(e, "listing", prefix.Length == 0 ? null : prefix + "*");
            }

            // SDK v4 leaves collections null when the response has none.
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new BlobInfo(_names.KeyOf(item.Key), item.Size ?? 0, item.LastModified?.ToUniversalTime(), BlobInfo.Unquote(item.ETag));
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // S3 answers 204 for a key that does not exist, which is what the contract asks for.
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = _names.NameOf(key) }, cancellationToken);
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "deleting", key);
        }
    }

    /// <summary>Nothing to do: S3 has stored an object durably by the time its put returns.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = _names.NameOf(key) }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // A HEAD response has no body, so a missing bucket looks like a missing key here; the upload that follows
            // fails with a clear NoSuchBucket message.
            return false;
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "checking", key);
        }
    }

    /// <summary>Where requests go, for network-error messages: the custom endpoint without any user info, or "Amazon S3".</summary>
    private static string EndpointName(S3StoreOptions options) =>
        options.ServiceUrl is { } url ? new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString() : "Amazon S3";
}
