using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

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
    private readonly string _prefix;

    public S3BlobStore(S3StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _prefix = options.KeyPrefix;
        Description = $"s3://{options.Bucket}/{_prefix}";
        var credentials = S3CredentialSource.Resolve(options);
        _client = S3ClientFactory.Create(options, credentials);
        _errors = new S3ErrorMapper(Description, options.Bucket, credentials.Description, EndpointName(options));
        _uploader = new S3Uploader(_client, options, Description);
    }

    public string Description { get; }

    /// <summary>
    /// One HEAD request per key, <see cref="S3StoreOptions.ExistsParallelism"/> at a time. Listing by common prefix
    /// would be cheaper only for keys that share prefixes: git-ml's keys are ab/cd/&lt;sha256&gt;, so a batch of
    /// random hashes spreads over about as many prefixes as keys, and each list call would also return every
    /// other object under its prefix. HEAD costs one small request per key, independent of the store's size.
    /// </summary>
    public async Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ExistsParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), parallel, async (key, token) =>
        {
            if (await ExistsAsync(key, token))
            {
                found[key] = true;
            }
        });
        return new HashSet<string>(found.Keys, StringComparer.Ordinal);
    }

    public async Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A SHA-256 is 32 bytes.", nameof(sha256));
        }

        try
        {
            await _uploader.PutAsync(key, ObjectKey(key), content, length, sha256, cancellationToken);
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
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = ObjectKey(key) }, cancellationToken);
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "reading", key);
        }

        var length = response.ContentLength;
        var body = new DownloadStream(response.ResponseStream, length, response, e => S3ErrorMapper.IsStorageFailure(e, CancellationToken.None) ? _errors.Map(e, "reading", key) : null);
        return new BlobDownload(body, length);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _prefix + prefix };
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
                yield return new BlobInfo(item.Key[_prefix.Length..], item.Size ?? 0);
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
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = ObjectKey(key) }, cancellationToken);
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "deleting", key);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = ObjectKey(key) }, cancellationToken);
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

    private string ObjectKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _prefix + key;
    }

    /// <summary>Where requests go, for network-error messages: the custom endpoint without any user info, or "Amazon S3".</summary>
    private static string EndpointName(S3StoreOptions options) =>
        options.ServiceUrl is { } url ? new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString() : "Amazon S3";
}
