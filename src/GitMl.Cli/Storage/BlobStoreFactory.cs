using GitMl.Core;
using GitMl.Core.Remotes;
using GitMl.Git;
using GitMl.Storage;
using GitMl.Storage.Azure;
using GitMl.Storage.Local;
using GitMl.Storage.S3;
using K = GitMl.Core.Remotes.RemoteSettingKeys;

namespace GitMl.Cli.Storage;

/// <summary>
/// Opens a data remote's storage: the one place that knows every backend and how a remote's options map to it
/// (Core only knows the contract). Every remote is first judged by <see cref="RemoteAccess"/>: one this user has
/// not approved for their credentials is refused before anything is sent. An approved one gets exactly the endpoint
/// and the credential its <see cref="RemoteRoute"/> names, and no secret is ever part of a description or message.
/// </summary>
/// <param name="environment">Where credentials and approvals are read from: the CLI context's environment
/// (<see cref="CliContext.BlobStores"/>), never the process's behind the context's back.</param>
public sealed class BlobStoreFactory(Func<string, string?> environment) : IBlobStoreFactory
{
    private readonly Func<string, string?> _environment = environment;

    /// <exception cref="RemoteAccessRefusedException">The remote may not be used with this user's credentials; nothing was sent.</exception>
    /// <exception cref="StorageException">The remote cannot be used as configured (a bad option, container name or
    /// credential): a failure of the whole store, naming the remote and what to fix.</exception>
    public IBlobStore Open(DataRemote remote)
    {
        var route = RemoteAccess.Decide(remote, _environment).Require();
        try
        {
            return remote.Url.Kind switch
            {
                RemoteKind.Directory => new LocalDirectoryBlobStore(remote.Url.Location),
                RemoteKind.S3 => new S3BlobStore(S3Options(remote, route)),
                RemoteKind.Azure => new AzureBlobStore(AzureOptions(remote, route)),
                _ => throw new ArgumentOutOfRangeException(nameof(remote), remote.Url.Kind, "unknown remote kind"),
            };
        }
        catch (Exception e) when (e is (ArgumentException or FormatException or StorageException) and not RemoteAccessRefusedException)
        {
            string fix = e is StorageException ? "" : $"; fix it with 'git ml remote modify {remote.Name} OPTION VALUE' ('git ml remote list' shows the remotes)";
            throw new StorageException($"data remote {remote.Name}: {UserMessage.Of(e)}{fix}", isTransient: false, inner: e, affectsWholeStore: true);
        }
    }

    private static S3StoreOptions S3Options(DataRemote remote, RemoteRoute route)
    {
        // The endpoint judged above, in its canonical spelling; none for Amazon S3 itself (the SDK picks the region's).
        var endpoint = remote.Option(K.EndpointUrl) is not null ? new Uri(route.Endpoint.Address) : null;
        bool stored = route.Credentials == CredentialSource.StoredKeys;
        var options = new S3StoreOptions(remote.Url.Location)
        {
            Name = remote.Name,
            Prefix = remote.Url.Prefix,
            ServiceUrl = endpoint,
            Region = remote.Option(K.Region),
            Profile = remote.Option("profile"),
            // S3-compatible servers address buckets by path; AWS itself by host name.
            ForcePathStyle = remote.Option("pathStyle") is { } pathStyle ? GitConfig.ParseBool(pathStyle) ?? true : endpoint is not null,
            AccessKeyId = stored ? remote.Option(K.AccessKeyId) : null,
            SecretAccessKey = stored ? remote.Option(K.SecretAccessKey) : null,
            SessionToken = stored ? remote.Option(K.SessionToken) : null,
        };
        return PartSize(remote) is int part ? options with { PartSize = part, MultipartThreshold = part } : options;
    }

    private AzureStoreOptions AzureOptions(DataRemote remote, RemoteRoute route)
    {
        var account = route.Credentials is CredentialSource.AccountKey or CredentialSource.SasToken or CredentialSource.None ? remote.Option(K.Account) : null;
        var options = new AzureStoreOptions(remote.Url.Location)
        {
            Name = remote.Name,
            Prefix = remote.Url.Prefix,
            ConnectionString = route.Credentials switch
            {
                CredentialSource.StoredConnectionString => remote.Option(K.ConnectionString),
                CredentialSource.EnvironmentConnectionString => _environment(RemoteRoute.AzureConnectionStringVariable),
                _ => null,
            },
            AccountName = account,
            // The endpoint judged above, never another spelling of it.
            ServiceUri = account is null ? null : new Uri(route.Endpoint.Address),
            AccountKey = route.Credentials == CredentialSource.AccountKey ? remote.Option(K.AccountKey) : null,
            SasToken = route.Credentials == CredentialSource.SasToken ? remote.Option(K.SasToken) : null,
        };
        return PartSize(remote) is int part ? options with { BlockSize = part, SingleUploadThreshold = part } : options;
    }

    private static int? PartSize(DataRemote remote) =>
        remote.Option("partSize") is { } text
            ? (int)Math.Min(GitConfig.ParseSize(text) ?? throw new ArgumentException($"remote {remote.Name}: partSize '{text}' is not a size (examples: 16m, 64m)"), int.MaxValue)
            : null;
}
