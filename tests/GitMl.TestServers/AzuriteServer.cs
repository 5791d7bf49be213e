using System.Text.RegularExpressions;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace GitMl.TestServers;

/// <summary>
/// Azurite 3.37.0's blob service on 127.0.0.1 (port 0), data in a temporary folder, with one container
/// (<see cref="Container"/>) created at start. Use it as an xunit fixture (IClassFixture, ICollectionFixture) or on
/// its own:
/// <code>
/// await using var azurite = await AzuriteServer.StartAsync();
/// // azurite.ConnectionString, azurite.Container; or azurite.ServiceUri with AccountName / AccountKey
/// </code>
/// It runs without --skipApiVersionCheck, as a real account would refuse an unknown service version: clients must
/// pin a version Azurite 3.37.0 accepts (<see cref="ServiceVersion"/>). Azurite checks SharedKey signatures, so
/// wrong keys really are refused. Container names need at least 3 characters.
/// </summary>
public sealed partial class AzuriteServer : IAsyncLifetime, IAsyncDisposable, IDisposable
{
    /// <summary>Azurite's development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, in Microsoft's documentation).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>
    /// The newest blob service version Azurite 3.37.0 accepts. Azure.Storage.Blobs 12.30.1 defaults to a newer one,
    /// which Azurite refuses unless started with --skipApiVersionCheck.
    /// </summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private NodeServerProcess? _process;
    private int _containers;

    /// <summary>The blob service endpoint of the development account (http://127.0.0.1:PORT/devstoreaccount1).</summary>
    public Uri ServiceUri => ServiceUriAt(Host);

    /// <summary>A connection string for the development account on this server, with its key.</summary>
    public string ConnectionString => ConnectionStringAt(Host);

    /// <summary>An empty container created when the server started; tests sharing the server isolate themselves by blob prefix.</summary>
    public string Container { get; private set; } = "";

    /// <summary>The server's recent output, for failure messages.</summary>
    public string RecentOutput => Process.RecentOutput;

    /// <summary>Whether the server process is still running (a test that crashed it should say so).</summary>
    public bool IsRunning => Process.IsRunning;

    /// <summary>Where the server listens (http://127.0.0.1:PORT), for a <see cref="FaultProxy"/> to forward to.</summary>
    public Uri Host => new($"http://127.0.0.1:{Process.Port}");

    private NodeServerProcess Process => _process ?? throw new InvalidOperationException("Azurite is not started");

    /// <summary>Starts a server (installing the npm packages first if needed) and creates <see cref="Container"/>.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer();
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
        _process = await NodeServerProcess.StartAsync(
            "azurite-blob",
            [],
            ["--blobHost", "127.0.0.1", "--blobPort", "0", "--location", "{data}", "--disableTelemetry", "--silent", "--loose"],
            PortLine());
        Container = await CreateContainerAsync();
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

    /// <summary>The blob service endpoint when reached through <paramref name="host"/> (such as a <see cref="FaultProxy"/>).</summary>
    public static Uri ServiceUriAt(Uri host) => new($"{host.ToString().TrimEnd('/')}/{AccountName}");

    /// <summary>A connection string for the development account when reached through <paramref name="host"/>.</summary>
    public static string ConnectionStringAt(Uri host) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={ServiceUriAt(host)};";

    /// <summary>A new, empty container with a unique name.</summary>
    public async Task<string> CreateContainerAsync()
    {
        var name = $"gitml-test-{Interlocked.Increment(ref _containers)}";
        await CreateClient().GetBlobContainerClient(name).CreateAsync();
        return name;
    }

    /// <summary>A raw SDK client on this server, for tests that look behind a store's back.</summary>
    public BlobServiceClient CreateClient() => new(
        ServiceUri, new StorageSharedKeyCredential(AccountName, AccountKey), new BlobClientOptions(ServiceVersion));

    // Azurite prints "Azurite Blob service successfully listens on http://127.0.0.1:PORT".
    [GeneratedRegex(@"listens on https?://[\d.]+:(?<port>\d+)")]
    private static partial Regex PortLine();
}
