using System.Text.RegularExpressions;
using Azure.Storage;
using Azure.Storage.Blobs;
using GitMl.Storage.Azure;

namespace GitMl.Storage.Tests.Servers;

/// <summary>
/// Azurite 3.37.0's blob service on 127.0.0.1 (port 0), data in a temp directory, with one container
/// (<see cref="Container"/>) for <see cref="CreateStoreAsync"/>. It runs without --skipApiVersionCheck: the stores
/// pin a service version Azurite accepts (<see cref="AzureStoreOptions.DefaultServiceVersion"/>), and these tests
/// would fail if that pin were dropped. Azurite checks SharedKey signatures, so wrong keys really are refused.
/// </summary>
public sealed partial class AzuriteServer : IAsyncLifetime, IBlobStoreServer
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, in Microsoft's documentation).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private NodeServerProcess? _process;
    private int _containers;

    /// <summary>The blob service endpoint of the development account.</summary>
    public Uri ServiceUri => ServiceUriAt(new Uri($"http://127.0.0.1:{Process.Port}"));

    /// <summary>The container every <see cref="CreateStoreAsync"/> store uses.</summary>
    public string Container { get; private set; } = "";

    public string RecentOutput => Process.RecentOutput;

    private NodeServerProcess Process => _process ?? throw new InvalidOperationException("Azurite is not started");

    public async Task InitializeAsync()
    {
        _process = await NodeServerProcess.StartAsync(
            "azurite-blob",
            [],
            ["--blobHost", "127.0.0.1", "--blobPort", "0", "--location", "{data}", "--disableTelemetry", "--silent", "--loose"],
            PortLine());
        Container = await CreateContainerAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    public Task<IBlobStore> CreateStoreAsync(string prefix) => Task.FromResult<IBlobStore>(new AzureBlobStore(Options(Container, prefix)));

    /// <summary>The blob service endpoint when reached through <paramref name="host"/> (such as a <see cref="FaultProxy"/>).</summary>
    public static Uri ServiceUriAt(Uri host) => new($"{host.ToString().TrimEnd('/')}/{AccountName}");

    /// <summary>Options for a store on this server (or behind <paramref name="host"/>, such as a <see cref="FaultProxy"/>), with the account key.</summary>
    public AzureStoreOptions Options(string container, string prefix = "", Uri? host = null) => new(container)
    {
        Prefix = prefix,
        AccountName = AccountName,
        ServiceUri = host is null ? ServiceUri : ServiceUriAt(host),
        AccountKey = AccountKey,
    };

    /// <summary>A new, empty container with a unique name.</summary>
    public async Task<string> CreateContainerAsync()
    {
        var name = $"gitml-test-{Interlocked.Increment(ref _containers)}";
        await CreateClient().GetBlobContainerClient(name).CreateAsync();
        return name;
    }

    /// <summary>A raw SDK client on this server, for tests that look behind the store's back.</summary>
    public BlobServiceClient CreateClient() => new(
        ServiceUri, new StorageSharedKeyCredential(AccountName, AccountKey), new BlobClientOptions(AzureStoreOptions.DefaultServiceVersion));

    // Azurite prints "Azurite Blob service successfully listens on http://127.0.0.1:PORT".
    [GeneratedRegex(@"listens on https?://[\d.]+:(?<port>\d+)")]
    private static partial Regex PortLine();
}
