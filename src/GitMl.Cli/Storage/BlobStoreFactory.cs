using GitMl.Core;
using GitMl.Core.Remotes;
using GitMl.Git;
using GitMl.Storage;
using GitMl.Storage.Azure;
using GitMl.Storage.Local;
using GitMl.Storage.S3;

namespace GitMl.Cli.Storage;

/// <summary>
/// Opens a data remote's storage: the one place that knows every backend and how a remote's options map to it
/// (Core only knows the contract). Credentials come from the remote's local options when set, else from each
/// SDK's own sources (environment, profiles), and are never part of a description or message.
/// </summary>
public sealed class BlobStoreFactory : IBlobStoreFactory
{
    /// <exception cref="StorageException">The remote cannot be used as configured (a bad option, container name or
    /// credential): a failure of the whole store, naming the remote and what to fix.</exception>
    public IBlobStore Open(DataRemote remote)
    {
        try
        {
            return remote.Url.Kind switch
            {
                RemoteKind.Directory => new LocalDirectoryBlobStore(remote.Url.Location),
                RemoteKind.S3 => new S3BlobStore(S3Options(remote)),
                RemoteKind.Azure => new AzureBlobStore(AzureOptions(remote)),
                _ => throw new ArgumentOutOfRangeException(nameof(remote), remote.Url.Kind, "unknown remote kind"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or StorageException)
        {
            string fix = e is StorageException ? "" : $"; fix it with 'git ml remote modify {remote.Name} OPTION VALUE' ('git ml remote list' shows the remotes)";
            throw new StorageException($"data remote {remote.Name}: {UserMessage.Of(e)}{fix}", isTransient: false, inner: e, affectsWholeStore: true);
        }
    }

    private static S3StoreOptions S3Options(DataRemote remote)
    {
        var endpoint = remote.Option("endpointUrl") is { } url ? new Uri(url) : null;
        var options = new S3StoreOptions(remote.Url.Location)
        {
            Name = remote.Name,
            Prefix = remote.Url.Prefix,
            ServiceUrl = endpoint,
            Region = remote.Option("region"),
            Profile = remote.Option("profile"),
            // S3-compatible servers address buckets by path; AWS itself by host name.
            ForcePathStyle = remote.Option("pathStyle") is { } pathStyle ? GitConfig.ParseBool(pathStyle) ?? true : endpoint is not null,
            AccessKeyId = remote.Option("accessKeyId"),
            SecretAccessKey = remote.Option("secretAccessKey"),
            SessionToken = remote.Option("sessionToken"),
        };
        return PartSize(remote) is int part ? options with { PartSize = part, MultipartThreshold = part } : options;
    }

    private static AzureStoreOptions AzureOptions(DataRemote remote)
    {
        string? account = remote.Option("account");
        var options = new AzureStoreOptions(remote.Url.Location)
        {
            Name = remote.Name,
            Prefix = remote.Url.Prefix,
            ConnectionString = remote.Option("connectionString") ?? (account is null ? Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING") : null),
            AccountName = account,
            ServiceUri = remote.Option("endpoint") is { } endpoint ? new Uri(endpoint) : account is null ? null : new Uri($"https://{account}.blob.core.windows.net"),
            AccountKey = remote.Option("accountKey"),
            SasToken = remote.Option("sasToken"),
        };
        return PartSize(remote) is int part ? options with { BlockSize = part, SingleUploadThreshold = part } : options;
    }

    private static int? PartSize(DataRemote remote) =>
        remote.Option("partSize") is { } text
            ? (int)Math.Min(GitConfig.ParseSize(text) ?? throw new ArgumentException($"remote {remote.Name}: partSize '{text}' is not a size (examples: 16m, 64m)"), int.MaxValue)
            : null;
}
