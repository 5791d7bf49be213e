using System.Text;

namespace GitMl.Storage.S3;

/// <summary>
/// Where an <see cref="S3BlobStore"/> keeps objects and how it talks to S3 (or an S3-compatible server).
/// Secrets set here never appear in <see cref="ToString"/>, in messages or in <see cref="IBlobStore.Description"/>.
/// </summary>
public sealed record S3StoreOptions
{
    /// <summary>S3's smallest allowed part (except the last one).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>S3's largest allowed part, and the largest object a single PutObject can store.</summary>
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>S3 allows at most this many parts in one multipart upload.</summary>
    public const int MaxParts = 10_000;

    public const int DefaultPartSize = 16 * 1024 * 1024;

    public S3StoreOptions(string bucket)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        Bucket = bucket;
    }

    /// <summary>The bucket. git-ml never creates it: creating a bucket is an account decision (region, policy, cost).</summary>
    public string Bucket { get; }

    /// <summary>What people call this store (a data remote's name), shown before its URL in every message; null: the URL alone.</summary>
    public string? Name { get; init; }

    /// <summary>Key prefix for every object ("" for the bucket's root; a trailing slash is added when missing).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Endpoint of an S3-compatible server (MinIO, Ceph, s3rver...); null for Amazon S3 itself.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// Region (e.g. eu-west-1). Null: the named profile's, else AWS_REGION, AWS_DEFAULT_REGION or the default
    /// profile's, else us-east-1.
    /// </summary>
    public string? Region { get; init; }

    /// <summary>Named profile from ~/.aws/credentials or ~/.aws/config; null for the SDK's default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>
    /// The shared credentials file to find <see cref="Profile"/> in (like DVC's credentialpath); null for the SDK's
    /// own (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials, and ~/.aws/config).
    /// </summary>
    public string? CredentialsFile { get; init; }

    /// <summary>Address buckets as https://host/bucket instead of https://bucket.host (most S3-compatible servers need it).</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Explicit access key id; when set with <see cref="SecretAccessKey"/> it wins over profile and environment.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Explicit secret access key (never shown).</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Session token for temporary explicit credentials (never shown).</summary>
    public string? SessionToken { get; init; }

    /// <summary>
    /// Bytes per part of a multipart upload (at least 5 MiB; one in-memory buffer, so under 2 GiB), and so the most
    /// memory one upload holds. Raised automatically for an object that would otherwise need more than
    /// <see cref="MaxParts"/> parts.
    /// </summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>Objects larger than this go up in parts; smaller ones in one PutObject (one buffer of at most this size).</summary>
    public long MultipartThreshold { get; init; } = DefaultPartSize;

    /// <summary>HEAD requests in flight at once for one <see cref="IBlobStore.ExistsAsync"/> batch.</summary>
    public int ExistsParallelism { get; init; } = 16;

    /// <summary>Timeout of one HTTP request; null for the SDK's default.</summary>
    public TimeSpan? RequestTimeout { get; init; }


    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that S3 would refuse.</summary>
    internal void Validate()
    {
        if (PartSize < MinPartSize)
        {
            throw new ArgumentException($"S3 part size must be at least 5 MiB (got {PartSize} bytes).", nameof(PartSize));
        }

        if (MultipartThreshold < 0 || MultipartThreshold > MaxPartSize || MultipartThreshold > Array.MaxLength)
        {
            throw new ArgumentException($"S3 multipart threshold must be between 0 and 2 GiB (got {MultipartThreshold} bytes).", nameof(MultipartThreshold));
        }

        if (ExistsParallelism < 1)
        {
            throw new ArgumentException("S3 existence checks need a parallelism of at least 1.", nameof(ExistsParallelism));
        }

        if ((AccessKeyId is null) != (SecretAccessKey is null))
        {
            throw new ArgumentException("S3 explicit credentials need both an access key id and a secret access key.", nameof(AccessKeyId));
        }

        if (CredentialsFile is not null && Profile is null)
        {
            throw new ArgumentException("An S3 credentials file needs a profile name to read from it.", nameof(CredentialsFile));
        }

        if (SessionToken is not null && AccessKeyId is null)
        {
            throw new ArgumentException("An S3 session token needs an access key id and a secret access key.", nameof(SessionToken));
        }
    }

    // Records print every property by default; secrets must never reach a log line or a message.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Bucket = {Bucket}, Prefix = {Prefix}, ServiceUrl = {ServiceUrl}, Region = {Region}, Profile = {Profile}, CredentialsFile = {CredentialsFile}, ");
        builder.Append($"ForcePathStyle = {ForcePathStyle}, AccessKeyId = {(AccessKeyId is null ? "" : "(set)")}, ");
        builder.Append($"SecretAccessKey = {(SecretAccessKey is null ? "" : "(hidden)")}, SessionToken = {(SessionToken is null ? "" : "(hidden)")}, ");
        builder.Append($"PartSize = {PartSize}, MultipartThreshold = {MultipartThreshold}, ExistsParallelism = {ExistsParallelism}, RequestTimeout = {RequestTimeout}");
        return true;
    }
}
