using System.Text;
using Azure.Storage.Blobs;

namespace GitMl.Storage.Azure;

/// <summary>
/// Where an <see cref="AzureBlobStore"/> keeps objects and how it signs in: a connection string, or an account
/// (name, optional endpoint) with an account key or a SAS token. With none of these it uses the
/// AZURE_STORAGE_CONNECTION_STRING environment variable, as the az CLI does. Secrets never appear in
/// <see cref="ToString"/>, in messages or in <see cref="IBlobStore.Description"/>.
/// </summary>
public sealed record AzureStoreOptions
{
    /// <summary>Azure allows at most this many blocks in one block blob.</summary>
    public const int MaxBlocks = 50_000;

    public const int DefaultBlockSize = 16 * 1024 * 1024;

    /// <summary>
    /// The service version every request asks for. The SDK's newest (2026-10-06 for 12.30.1) is newer than what
    /// Azurite 3.37.0 accepts; 2026-06-06 is accepted by both Azure and Azurite (without --skipApiVersionCheck).
    /// Pinning it also keeps behaviour fixed when the SDK is updated.
    /// </summary>
    public const BlobClientOptions.ServiceVersion DefaultServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    public AzureStoreOptions(string container)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        Container = container;
    }

    /// <summary>The container (3 to 63 characters). Created on the first upload when missing (see <see cref="AzureBlobStore"/>).</summary>
    public string Container { get; }

    /// <summary>What people call this store (a data remote's name), shown before its URL in every message; null: the URL alone.</summary>
    public string? Name { get; init; }

    /// <summary>Name prefix for every blob ("" for the container's root; a trailing slash is added when missing).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>A storage connection string (never shown); wins over the account settings below.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The storage account's name.</summary>
    public string? AccountName { get; init; }

    /// <summary>The blob service endpoint; null for https://ACCOUNT.blob.core.windows.net. Azurite: http://127.0.0.1:10000/devstoreaccount1.</summary>
    public Uri? ServiceUri { get; init; }

    /// <summary>The account's shared key (never shown).</summary>
    public string? AccountKey { get; init; }

    /// <summary>A SAS token for the account or container (never shown), with or without the leading '?'.</summary>
    public string? SasToken { get; init; }

    /// <summary>Bytes per staged block, and so the most memory one upload holds; raised for objects that would need more than <see cref="MaxBlocks"/> blocks.</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>Objects up to this size go up in one Put Blob request; larger ones as staged blocks and a block list.</summary>
    public long SingleUploadThreshold { get; init; } = DefaultBlockSize;

    /// <summary>GetProperties requests in flight at once for one <see cref="IBlobStore.ExistsAsync"/> batch.</summary>
    public int ExistsParallelism { get; init; } = 16;

    /// <summary>Blobs per list request (Azure's maximum and default is 5000).</summary>
    public int ListPageSize { get; init; } = 5000;

    /// <summary>Timeout of one HTTP request; null for the SDK's default (100 s).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    public BlobClientOptions.ServiceVersion ServiceVersion { get; init; } = DefaultServiceVersion;


    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting Azure would refuse.</summary>
    internal void Validate()
    {
        if (Container.Length is < 3 or > 63)
        {
            throw new ArgumentException($"Azure container names have 3 to 63 characters (got '{Container}').", nameof(Container));
        }

        if (BlockSize < 1)
        {
            throw new ArgumentException("The Azure block size must be positive.", nameof(BlockSize));
        }

        if (SingleUploadThreshold < 0 || SingleUploadThreshold > Array.MaxLength)
        {
            throw new ArgumentException($"The Azure single-upload threshold must be between 0 and 2 GiB (got {SingleUploadThreshold}).", nameof(SingleUploadThreshold));
        }

        if (ExistsParallelism < 1 || ListPageSize is < 1 or > 5000)
        {
            throw new ArgumentException("Azure existence checks need a parallelism of at least 1, and list pages hold 1 to 5000 blobs.", nameof(ExistsParallelism));
        }

        if (AccountKey is not null && SasToken is not null)
        {
            throw new ArgumentException("Give an Azure account key or a SAS token, not both.", nameof(AccountKey));
        }
    }

    // Records print every property by default; secrets must never reach a log line or a message.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Container = {Container}, Prefix = {Prefix}, ConnectionString = {(ConnectionString is null ? "" : "(hidden)")}, ");
        builder.Append($"AccountName = {AccountName}, ServiceUri = {ServiceUri}, AccountKey = {(AccountKey is null ? "" : "(hidden)")}, ");
        builder.Append($"SasToken = {(SasToken is null ? "" : "(hidden)")}, BlockSize = {BlockSize}, SingleUploadThreshold = {SingleUploadThreshold}, ");
        builder.Append($"ExistsParallelism = {ExistsParallelism}, ListPageSize = {ListPageSize}, RequestTimeout = {RequestTimeout}, ServiceVersion = {ServiceVersion}");
        return true;
    }
}
