using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace GitMl.Storage.S3;

/// <summary>
/// Which credentials a store signs with, and how to say so in a message without revealing them: explicit keys
/// from the options, a named profile, or the SDK's default chain (environment, shared files, SSO, instance role).
/// </summary>
internal sealed class S3CredentialSource
{
    private S3CredentialSource(AWSCredentials? credentials, string description, string? profileRegion)
    {
        Credentials = credentials;
        Description = description;
        ProfileRegion = profileRegion;
    }

    /// <summary>The credentials to sign with; null lets the SDK resolve its default chain lazily, at the first request.</summary>
    public AWSCredentials? Credentials { get; }

    /// <summary>Where the credentials come from, for messages: never a secret.</summary>
    public string Description { get; }

    /// <summary>The region the named profile sets, if any.</summary>
    public string? ProfileRegion { get; }

    public static S3CredentialSource Resolve(S3StoreOptions options)
    {
        if (options.AccessKeyId is not null && options.SecretAccessKey is not null)
        {
            var credentials = options.SessionToken is null
                ? (AWSCredentials)new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
            return new S3CredentialSource(credentials, $"the access key given in git-ml's settings (id ending in '{Tail(options.AccessKeyId)}')", null);
        }

        if (options.Profile is not null)
        {
            // The SDK reads AWS_SHARED_CREDENTIALS_FILE once per process and keeps the path; an explicit file is read as given.
            var chain = options.CredentialsFile is null ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(options.CredentialsFile);
            var where = options.CredentialsFile ?? "~/.aws/credentials or ~/.aws/config";
            if (!chain.TryGetProfile(options.Profile, out var profile)
                || !chain.TryGetAWSCredentials(options.Profile, out var credentials))
            {
                throw new StorageException(
                    $"s3://{options.Bucket}: no usable AWS profile '{options.Profile}' in {where}; "
                    + "create it with `aws configure --profile " + options.Profile + "` or name another profile.",
                    isTransient: false, affectsWholeStore: true);
            }

            return new S3CredentialSource(credentials, $"the AWS profile '{options.Profile}'", profile.Region?.SystemName);
        }

        return new S3CredentialSource(
            null,
            "the AWS SDK's default credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials, SSO, or an instance role)",
            null);
    }

    /// <summary>The last four characters of an access key id: enough to tell keys apart, and an id is not a secret anyway.</summary>
    private static string Tail(string accessKeyId) => accessKeyId.Length <= 4 ? "****" : accessKeyId[^4..];
}
