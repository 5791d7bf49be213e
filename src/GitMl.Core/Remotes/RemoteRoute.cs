using K = GitMl.Core.Remotes.RemoteSettingKeys;

namespace GitMl.Core.Remotes;

/// <summary>Which credential a store signs its requests with.</summary>
public enum CredentialSource
{
    /// <summary>None: a directory, or no credential was found (the store says so when it is opened).</summary>
    None,

    /// <summary>S3: the named profile, or the AWS SDK's chain (AWS_* variables, ~/.aws, SSO, instance role).</summary>
    SdkDefaults,

    /// <summary>S3: accessKeyId and secretAccessKey (and sessionToken) from this clone's config.</summary>
    StoredKeys,

    /// <summary>Azure: the account and its key from this clone's config.</summary>
    AccountKey,

    /// <summary>Azure: the account and a SAS token from this clone's config.</summary>
    SasToken,

    /// <summary>Azure: the connectionString option from this clone's config.</summary>
    StoredConnectionString,

    /// <summary>Azure: AZURE_STORAGE_CONNECTION_STRING.</summary>
    EnvironmentConnectionString,
}

/// <summary>
/// Where a data remote's requests go and which credential signs them: the one statement of the precedence between a
/// remote's settings and the environment. <see cref="RemoteAccess"/> judges it; the store factory follows it, passing
/// the storage SDK exactly that endpoint and that credential.
/// </summary>
public sealed record RemoteRoute(RemoteEndpoint Endpoint, CredentialSource Credentials)
{
    public const string AzureConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>The route of <paramref name="remote"/>.</summary>
    /// <exception cref="ArgumentException">An endpoint, bucket, region or account the remote names is not valid; the message names the setting.</exception>
    public static RemoteRoute Of(DataRemote remote, Func<string, string?> environment) => remote.Url.Kind switch
    {
        RemoteKind.S3 => new(S3Endpoint(remote),
            remote.Option(K.AccessKeyId) is not null || remote.Option(K.SecretAccessKey) is not null ? CredentialSource.StoredKeys : CredentialSource.SdkDefaults),
        RemoteKind.Azure => Azure(remote, environment),
        _ => new(DirectoryEndpoint(remote), CredentialSource.None),
    };

    /// <summary>
    /// The endpoint a credential stored in this clone would be sent to, to bind it there when it is set: the S3
    /// endpoint for S3 keys, the account's blob endpoint for an Azure account key or SAS token.
    /// </summary>
    /// <exception cref="ArgumentException">The remote names no endpoint the credential could be bound to yet.</exception>
    public static RemoteEndpoint BindingEndpoint(DataRemote remote) => remote.Url.Kind switch
    {
        RemoteKind.S3 => S3Endpoint(remote),
        RemoteKind.Azure => AccountEndpoint(remote)
            ?? throw new ArgumentException($"data remote '{remote.Name}' names no storage account yet, so the credential could not be bound to one: set it first (git ml remote modify {remote.Name} account ACCOUNT)"),
        _ => throw new ArgumentException($"data remote '{remote.Name}' is a directory: it takes no credentials"),
    };

    private static RemoteEndpoint DirectoryEndpoint(DataRemote remote)
    {
        var url = remote.Settings[K.Url];
        return new RemoteEndpoint(remote.Url.Location, RemoteEndpoint.IsNetworkPath(url.Value) ? EndpointKind.NetworkPath : EndpointKind.Directory, url.Origin, K.Url);
    }

    private static RemoteEndpoint S3Endpoint(DataRemote remote)
    {
        if (remote.Settings.TryGetValue(K.EndpointUrl, out var endpoint))
        {
            return RemoteEndpoint.FromUrl(endpoint.Value, endpoint.Origin, K.EndpointUrl, RemoteEndpoint.IsAmazonS3);
        }
        // No endpoint: the SDK builds one from the bucket and the region, which must keep it inside amazonaws.com.
        if (!RemoteEndpoint.IsBucketName(remote.Url.Location))
        {
            throw new ArgumentException($"data remote '{remote.Name}': '{remote.Url.Location}' is not an S3 bucket name (letters, digits, '.', '-' and '_')");
        }
        if (remote.Option(K.Region) is { } region && !RemoteEndpoint.IsRegionName(region))
        {
            throw new ArgumentException($"data remote '{remote.Name}': region '{region}' is not an AWS region name (such as eu-west-1)");
        }
        return new RemoteEndpoint(RemoteEndpoint.AmazonS3, EndpointKind.Provider, remote.Settings[K.Url].Origin, K.Url);
    }

    /// <summary>The precedence of <c>BlobStoreFactory</c> and the Azure adapter: a stored connection string, the account with a stored key or SAS token, AZURE_STORAGE_CONNECTION_STRING, nothing.</summary>
    private static RemoteRoute Azure(DataRemote remote, Func<string, string?> environment)
    {
        if (remote.Settings.TryGetValue(K.ConnectionString, out var stored))
        {
            return new(ConnectionStringEndpoint(stored.Value, stored.Origin, K.ConnectionString), CredentialSource.StoredConnectionString);
        }
        var account = AccountEndpoint(remote);
        if (account is not null && remote.Option(K.AccountKey) is not null)
        {
            return new(account, CredentialSource.AccountKey);
        }
        if (account is not null && remote.Option(K.SasToken) is not null)
        {
            return new(account, CredentialSource.SasToken);
        }
        if (environment(AzureConnectionStringVariable) is { Length: > 0 } fromEnvironment)
        {
            return new(ConnectionStringEndpoint(fromEnvironment, SettingOrigin.User, AzureConnectionStringVariable), CredentialSource.EnvironmentConnectionString);
        }
        return new(account ?? new RemoteEndpoint("(no Azure account configured)", EndpointKind.Provider, SettingOrigin.User, K.Account), CredentialSource.None);
    }

    /// <summary>The account's blob endpoint: the endpoint option, else https://ACCOUNT.blob.core.windows.net; null without either.</summary>
    private static RemoteEndpoint? AccountEndpoint(DataRemote remote)
    {
        if (remote.Settings.TryGetValue(K.Endpoint, out var endpoint))
        {
            return RemoteEndpoint.FromUrl(endpoint.Value, endpoint.Origin, K.Endpoint, RemoteEndpoint.IsAzureBlob);
        }
        if (!remote.Settings.TryGetValue(K.Account, out var account))
        {
            return null;
        }
        if (!RemoteEndpoint.IsAccountName(account.Value))
        {
            throw new ArgumentException($"data remote '{remote.Name}': '{account.Value}' is not an Azure storage account name (3 to 24 lower-case letters and digits)");
        }
        return new RemoteEndpoint($"https://{account.Value}.blob.core.windows.net", EndpointKind.Provider, account.Origin, K.Account);
    }

    private static RemoteEndpoint ConnectionStringEndpoint(string connectionString, SettingOrigin origin, string setting) =>
        AzureConnectionString.BlobEndpoint(connectionString) is { } endpoint
            ? RemoteEndpoint.FromUrl(endpoint, origin, setting, RemoteEndpoint.IsAzureBlob)
            // Nothing to judge: the SDK refuses it as malformed before sending anything.
            : new RemoteEndpoint("(the connection string names no endpoint)", EndpointKind.Provider, origin, setting);
}
