using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace GitMl.Storage.S3;

/// <summary>Builds the SDK client for a store's options: endpoint, region, path style, timeouts, and no SDK retries.</summary>
internal static class S3ClientFactory
{
    /// <summary>
    /// The region the environment or the default profile names. Unlike the SDK's FallbackRegionFactory this never
    /// asks the EC2 instance metadata service, which off EC2 costs a network timeout on every store created.
    /// A wrong guess is no silent failure: S3 answers with the bucket's region, and the error message names it.
    /// </summary>
    private static string? LocalDefaultRegion()
    {
        foreach (var variable in (string[])["AWS_REGION", "AWS_DEFAULT_REGION"])
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
            {
                return fromEnvironment;
            }
        }

        var profile = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } named ? named : "default";
        return new CredentialProfileStoreChain().TryGetProfile(profile, out var found) ? found.Region?.SystemName : null;
    }

    public static AmazonS3Client Create(S3StoreOptions options, S3CredentialSource credentials)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // git-ml's transfer queue owns retrying: it backs off with jitter across all objects, honours a server's
            // Retry-After, and counts attempts per object. SDK retries underneath would multiply the attempts and hide
            // Retry-After from it, so each store call makes exactly one request.
            MaxErrorRetry = 0,

            // Checksums only where S3 requires them. With the SDK's default (WHEN_SUPPORTED) every upload gets a
            // trailing CRC in an aws-chunked body, which S3-compatible servers such as s3rver store verbatim, framing
            // and all. git-ml sends the object's own SHA-256 instead (see S3Uploader), and verifies downloads itself.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };

        var region = options.Region ?? credentials.ProfileRegion;
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region ?? LocalDefaultRegion() ?? "us-east-1");
        }

        if (options.RequestTimeout is { } timeout)
        {
            config.Timeout = timeout;
        }

        return credentials.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials.Credentials, config);
    }
}
