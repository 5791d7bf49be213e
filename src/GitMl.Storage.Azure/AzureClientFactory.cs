using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace GitMl.Storage.Azure;

/// <summary>The container client for a store's options, and a description of its credentials that reveals no secret.</summary>
internal static class AzureClientFactory
{
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    public static (BlobContainerClient Container, string CredentialSource) Create(AzureStoreOptions options)
    {
        var clientOptions = new BlobClientOptions(options.ServiceVersion);

        // git-ml's transfer queue owns retrying: it backs off across all objects and honours Retry-After. SDK retries
        // underneath would multiply attempts and hide Retry-After from it. This also stops the download stream from
        // silently re-requesting the rest of a blob after a dropped connection.
        clientOptions.Retry.MaxRetries = 0;
        if (options.RequestTimeout is { } timeout)
        {
            clientOptions.Retry.NetworkTimeout = timeout;
        }

        try
        {
            if (options.ConnectionString is { } connectionString)
            {
                return (new BlobContainerClient(connectionString, options.Container, clientOptions), "the connection string given in git-ml's settings");
            }

            if (options.AccountName is { } account)
            {
                var service = options.ServiceUri ?? new Uri($"https://{account}.blob.core.windows.net");
                var containerUri = new Uri(service.ToString().TrimEnd('/') + "/" + options.Container);
                if (options.AccountKey is { } key)
                {
                    return (new BlobContainerClient(containerUri, new StorageSharedKeyCredential(account, key), clientOptions),
                        $"the account key of storage account '{account}'");
                }

                if (options.SasToken is { } sas)
                {
                    return (new BlobContainerClient(containerUri, new AzureSasCredential(sas.TrimStart('?')), clientOptions),
                        $"the SAS token for storage account '{account}'");
                }
            }

            if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } fromEnvironment)
            {
                return (new BlobContainerClient(fromEnvironment, options.Container, clientOptions), $"the connection string in {ConnectionStringVariable}");
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
        {
            // The parser's message may quote the connection string or key it could not read: it is not passed on.
            throw new StorageException(
                $"azure://{options.Container}: the Azure connection string, account key or SAS token is malformed ({e.GetType().Name}); "
                + "copy it again from the storage account's \"Access keys\" or \"Shared access signature\" page.",
                isTransient: false);
        }

        throw new StorageException(
            $"azure://{options.Container}: no Azure credentials: give a connection string, or an account name with an account key "
            + $"or a SAS token, or set {ConnectionStringVariable}.",
            isTransient: false);
    }
}
