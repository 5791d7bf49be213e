using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage (or Azurite), under one container and name prefix. Every call
/// makes its requests once (the SDK's retries are off: git-ml's transfer queue retries, honouring Retry-After),
/// and every failure is a <see cref="StorageException"/>.
/// </summary>
/// <remarks>
/// The container is created, if missing, before this store's first upload: one Create Container request per
/// store, answered 409 when it exists. Credentials that may not create containers (e.g. a container SAS) are
/// fine as long as the container exists: that request's failure is ignored and the upload itself reports any
/// real problem. Reads never create anything.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly AzureStoreOptions _options;
    private readonly BlobContainerClient _container;
    private readonly AzureErrorMapper _errors;
    private readonly AzureUploader _uploader;
    private readonly ObjectNamePrefix _names;
    private readonly SemaphoreSlim _containerLock = new(1, 1);
    private volatile bool _containerReady;

    public AzureBlobStore(AzureStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _names = new ObjectNamePrefix(options.Prefix);
        Description = StoreName.Describe(options.Name, $"azure://{options.Container}/{_names}");
        (_container, var credentialSource) = AzureClientFactory.Create(options);
        var endpoint = new Uri(_container.Uri.GetLeftPart(UriPartial.Path)).ToString(); // no query: a SAS would be there
        _errors = new AzureErrorMapper(Description, options.Container, credentialSource, endpoint);
        _uploader = new AzureUploader(_container, options);
    }

    public string Description { get; }

    /// <summary>
    /// By listing the keys' first folders where that takes fewer requests, else one GetProperties (HEAD) request per
    /// key, <see cref="AzureStoreOptions.ExistsParallelism"/> at a time (see <see cref="ListingExistence"/>). A missing
    /// container means every key is missing.
    /// </summary>
    public Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        ListingExistence.FindAsync(keys, _options.ExistsParallelism, _options.ListPageSize, ListAsync, ExistsAsync, cancellationToken);

    public async Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var blobName = _names.NameOf(key);
        using var verified = new VerifiedContentReader(Description, key, content, length, sha256);
        try
        {
            await EnsureContainerAsync(cancellationToken);
            await _uploader.PutAsync(blobName, verified, cancellationToken);
        }
        catch (Exception e) when (AzureErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "writing", key);
        }
    }

    public async Task<BlobDownload> GetAsync(string key, CancellationToken cancellationToken)
    {
        Response<BlobDownloadStreamingResult> response;
        try
        {
            response = await _container.GetBlobClient(_names.NameOf(key)).DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken);
        }
        catch (Exception e) when (AzureErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "reading", key);
        }

        // The SDK's download stream resumes by itself after a dropped connection: it asks for the rest of the blob
        // (a Range request conditioned on the ETag, so the bytes stay those of one version), up to 5 times, whatever
        // Retry.MaxRetries says, and it exposes no setting for that. Only a connection that keeps failing surfaces here.
        var result = response.Value;
        var length = result.Details.ContentLength;
        var body = new DownloadStream(result.Content, length, result, e => AzureErrorMapper.IsStorageFailure(e, CancellationToken.None) ? _errors.Map(e, "reading", key) : null);
        return new BlobDownload(body, length);
    }

    /// <summary>Checks <paramref name="prefix"/> at once, not when the listing is first enumerated.</summary>
    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) =>
        ListAsync(prefix, _names.ListingPrefixOf(prefix), cancellationToken);

    private async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, string namePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = namePrefix }, cancellationToken)
            .AsPages(continuationToken: null, pageSizeHint: _options.ListPageSize)
            .GetAsyncEnumerator(cancellationToken);
        await using (pages)
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (AzureErrorMapper.IsStorageFailure(e, cancellationToken))
                {
                    throw _errors.Map(e, "listing", prefix.Length == 0 ? null : prefix + "*");
                }

                foreach (var item in pages.Current.Values)
                {
                    yield return new BlobInfo(_names.KeyOf(item.Name), item.Properties.ContentLength ?? 0, item.Properties.LastModified?.UtcDateTime, BlobInfo.Unquote(item.Properties.ETag?.ToString()));
                }
            }
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // A missing blob (or container) answers false, which is what the contract asks for.
            await _container.GetBlobClient(_names.NameOf(key)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (AzureErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "deleting", key);
        }
    }

    /// <summary>Nothing to do: Azure Blob Storage has stored an object durably by the time its put returns.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _containerLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(_names.NameOf(key)).GetPropertiesAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        catch (Exception e) when (AzureErrorMapper.IsStorageFailure(e, cancellationToken))
        {
            throw _errors.Map(e, "checking", key);
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }

        await _containerLock.WaitAsync(cancellationToken);
        try
        {
            if (!_containerReady)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _containerReady = true;
            }
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            // Perhaps no right to create containers (a container SAS); the upload says whether that matters.
            _containerReady = true;
        }
        finally
        {
            _containerLock.Release();
        }
    }

}
