using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using GitMl.Storage.S3;

namespace GitMl.Storage.Tests.Servers;

/// <summary>
/// s3rver 3.7.1 on 127.0.0.1 (port 0), data in a temp directory, with one bucket (<see cref="Bucket"/>) created at
/// start. s3rver checks only that the access key id is known (S3RVER); it does not verify SigV4 signatures,
/// payload hashes or checksum headers, and it stores aws-chunked bodies verbatim: always compare downloaded bytes.
/// It also needs node's OpenSSL legacy provider to list past the first page (see <see cref="InitializeAsync"/>).
/// </summary>
public sealed partial class S3rverServer : IAsyncLifetime, IBlobStoreServer
{
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";

    private NodeServerProcess? _process;
    private int _buckets;

    public Uri Endpoint => new($"http://127.0.0.1:{Process.Port}");

    /// <summary>The bucket every <see cref="CreateStoreAsync"/> store uses.</summary>
    public string Bucket { get; private set; } = "";

    /// <summary>The server's recent output, for failure messages.</summary>
    public string RecentOutput => Process.RecentOutput;

    private NodeServerProcess Process => _process ?? throw new InvalidOperationException("s3rver is not started");

    public async Task InitializeAsync()
    {
        // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17+) only offers in its
        // legacy provider: without it, listing more than one page fails with "digital envelope routines::unsupported".
        _process = await NodeServerProcess.StartAsync(
            "s3rver", ["--openssl-legacy-provider"], ["-d", "{data}", "-a", "127.0.0.1", "-p", "0", "--no-vhost-buckets", "--silent"], PortLine());
        Bucket = await CreateBucketAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    public Task<IBlobStore> CreateStoreAsync(string prefix) => Task.FromResult<IBlobStore>(new S3BlobStore(Options(Bucket, prefix)));

    /// <summary>Options for a store on this server (or on <paramref name="endpoint"/>, such as a <see cref="FaultProxy"/> in front of it).</summary>
    public S3StoreOptions Options(string bucket, string prefix = "", Uri? endpoint = null) => new(bucket)
    {
        Prefix = prefix,
        ServiceUrl = endpoint ?? Endpoint,
        ForcePathStyle = true,
        Region = "us-east-1",
        AccessKeyId = AccessKeyId,
        SecretAccessKey = SecretAccessKey,
    };

    /// <summary>A new, empty bucket with a unique name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = $"gitml-test-{Interlocked.Increment(ref _buckets)}";
        using var client = CreateClient();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>A raw SDK client on this server, for tests that look behind the store's back.</summary>
    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    // s3rver prints "S3rver listening on 127.0.0.1:PORT".
    [GeneratedRegex(@"listening on [\d.]+:(?<port>\d+)")]
    private static partial Regex PortLine();
}
