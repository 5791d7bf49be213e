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
    };

    /// <summary>Options that are credentials: never written to a committed file.</summary>
    public static readonly IReadOnlySet<string> Secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "accessKeyId", "secretAccessKey", "sessionToken", "connectionString", "accountKey", "sasToken",
    };

    public static string Key(string remote, string option) => $"{Section}.{remote}.{option}";
}
