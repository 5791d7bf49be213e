namespace GitMl.Core.Remotes;

/// <summary>
/// How data remotes are written in config (git-config syntax): a section per remote, in the committed .mlconfig
/// so clones know them, overridable (and completed with secrets) in the repository's own .git/config.
/// <code>
/// [ml]
///     remote = storage                       # the default data remote
/// [ml-remote "storage"]
///     url = s3://my-ml-bucket/store
///     endpointUrl = http://127.0.0.1:9000    # S3-compatible server
/// </code>
/// </summary>
public static class RemoteSettingKeys
{
    public const string Section = "ml-remote";
    public const string Default = "ml.remote";
    public const string Url = "url";
    public const string EndpointUrl = "endpointUrl";
    public const string Region = "region";
    public const string Account = "account";
    public const string Endpoint = "endpoint";
    public const string ConnectionString = "connectionString";
    public const string AccountKey = "accountKey";
    public const string SasToken = "sasToken";
    public const string AccessKeyId = "accessKeyId";
    public const string SecretAccessKey = "secretAccessKey";
    public const string SessionToken = "sessionToken";

    /// <summary>Lets this clone talk plain http to an endpoint that is not on this machine (default false; local config only).</summary>
    public const string AllowHttp = "allowHttp";

    /// <summary>
    /// The endpoint this user approved for their credentials with `git ml remote trust` (local config only; a value
    /// in .mlconfig is ignored). Compared with the endpoint the remote points at now, so a changed endpoint needs
    /// approval again.
    /// </summary>
    public const string TrustedEndpoint = "trustedEndpoint";

    /// <summary>Options a remote may set, with what they mean (for `git ml remote modify --help` and errors).</summary>
    public static readonly IReadOnlyDictionary<string, string> Options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["url"] = "where the remote is (s3://bucket/prefix, azure://container/prefix or a directory)",
        ["endpointUrl"] = "S3: the endpoint of an S3-compatible server (http://host:port)",
        ["region"] = "S3: the region (default: the SDK's, e.g. AWS_REGION)",
        ["profile"] = "S3: the AWS profile to take credentials from",
        ["pathStyle"] = "S3: address buckets by path instead of host name (true for most S3-compatible servers)",
        ["account"] = "Azure: the storage account name",
        ["endpoint"] = "Azure: the blob service endpoint (default https://ACCOUNT.blob.core.windows.net)",
        ["jobs"] = "how many objects move at once (default 8)",
        ["partSize"] = "size of upload parts for large objects (default 16m)",
        ["accessKeyId"] = "S3 access key id (secret: --local only)",
        ["secretAccessKey"] = "S3 secret access key (secret: --local only)",
        ["sessionToken"] = "S3 session token (secret: --local only)",
        ["connectionString"] = "Azure connection string (secret: --local only)",
        ["accountKey"] = "Azure account key (secret: --local only)",
        ["sasToken"] = "Azure SAS token (secret: --local only)",
        ["allowHttp"] = "allow plain http to an endpoint that is not on this machine (--local only; default false)",
    };

    /// <summary>Options that are credentials: never written to a committed file.</summary>
    public static readonly IReadOnlySet<string> Secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "accessKeyId", "secretAccessKey", "sessionToken", "connectionString", "accountKey", "sasToken",
    };

    /// <summary>Options only this user's own config may set: credentials, and what widens where they may go.</summary>
    public static readonly IReadOnlySet<string> LocalOnly = new HashSet<string>(Secrets, StringComparer.OrdinalIgnoreCase) { AllowHttp };

    /// <summary>
    /// The credentials that are bound to the endpoint they were set for (see <see cref="BindingFor"/>). A connection
    /// string is not among them: it names its endpoint itself and can only ever go there.
    /// </summary>
    public static readonly IReadOnlyList<string> BoundSecrets = [AccessKeyId, SecretAccessKey, SessionToken, AccountKey, SasToken];

    /// <summary>
    /// The option that records which endpoint a credential was set for (e.g. sasTokenFor): written beside it by
    /// `git ml remote modify --local`; the credential is sent to that endpoint only.
    /// </summary>
    public static string BindingFor(string secret) => secret + "For";

    public static string Key(string remote, string option) => $"{Section}.{remote}.{option}";
}
