using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;

namespace GitMl.TestServers;

/// <summary>
/// s3rver 3.7.1 on 127.0.0.1 (port 0), data in a temporary folder, with one bucket (<see cref="Bucket"/>) created at
/// start. Use it as an xunit fixture (IClassFixture, ICollectionFixture) or on its own:
/// <code>
/// await using var s3 = await S3rverServer.StartAsync();
/// // s3.Endpoint, s3.Bucket, S3rverServer.AccessKeyId / SecretAccessKey, S3rverServer.Region; path-style addressing
/// </code>
/// s3rver checks only that the access key id is known (<see cref="AccessKeyId"/>); it does not verify SigV4
/// signatures, payload hashes or checksum headers, and it stores aws-chunked bodies verbatim: clients must send
/// plain bodies, and tests should always compare downloaded bytes. It needs node's OpenSSL legacy provider to list
/// past the first page of 1000 keys (see <see cref="InitializeAsync"/>).
/// </summary>
public sealed partial class S3rverServer : IAsyncLifetime, IAsyncDisposable, IDisposable
{
    /// <summary>The access key id s3rver knows; any other is refused with InvalidAccessKeyId.</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>The matching secret (s3rver does not check signatures, but clients need one to sign).</summary>
    public const string SecretAccessKey = "S3RVER";

    /// <summary>The region clients sign for; s3rver accepts any.</summary>
    public const string Region = "us-east-1";

    private NodeServerProcess? _process;
    private int _buckets;

    /// <summary>The server's URL (http://127.0.0.1:PORT); buckets are addressed by path (ForcePathStyle).</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Process.Port}");

    /// <summary>An empty bucket created when the server started; tests sharing the server isolate themselves by key prefix.</summary>
    public string Bucket { get; private set; } = "";

    /// <summary>The server's recent output, for failure messages.</summary>
    public string RecentOutput => Process.RecentOutput;

    /// <summary>Whether the server process is still running (a test that crashed it should say so).</summary>
    public bool IsRunning => Process.IsRunning;

    private NodeServerProcess Process => _process ?? throw new InvalidOperationException("s3rver is not started");

    /// <summary>Starts a server (installing the npm packages first if needed) and creates <see cref="Bucket"/>.</summary>
    public static async Task<S3rverServer> StartAsync()
    {
        var server = new S3rverServer();
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>What xunit calls to start a fixture; <see cref="StartAsync"/> does the same for code that is not a fixture.</summary>
    public async Task InitializeAsync()
    {
        // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17+) only offers in its
        // legacy provider: without it, listing more than one page fails with "digital envelope routines::unsupported".
        _process = await NodeServerProcess.StartAsync(
            "s3rver", ["--openssl-legacy-provider"], ["-d", "{data}", "-a", "127.0.0.1", "-p", "0", "--no-vhost-buckets", "--silent"], PortLine());
        Bucket = await CreateBucketAsync();
    }

    /// <summary>Stops the server and deletes its data. Safe to call more than once.</summary>
    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => _process?.Dispose();

    /// <summary>A new, empty bucket with a unique name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = $"gitml-test-{Interlocked.Increment(ref _buckets)}";
        using var client = CreateClient();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>
    /// A raw SDK client on this server (or on <paramref name="endpoint"/>, such as a <see cref="FaultProxy"/> in front
    /// of it), for tests that look behind a store's back. It sends plain bodies, which is all s3rver understands.
    /// </summary>
    public AmazonS3Client CreateClient(Uri? endpoint = null) => new(
        new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonS3Config
        {
            ServiceURL = (endpoint ?? Endpoint).ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    // s3rver prints "S3rver listening on 127.0.0.1:PORT".
    [GeneratedRegex(@"listening on [\d.]+:(?<port>\d+)")]
    private static partial Regex PortLine();
}
