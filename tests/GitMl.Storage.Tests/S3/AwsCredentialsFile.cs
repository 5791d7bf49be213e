using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.S3;

/// <summary>An AWS shared credentials file in a temp directory with a profile "good" (s3rver's key) and a profile "bad".</summary>
public sealed class AwsCredentialsFile : IDisposable
{
    private readonly TempDirectory _home = new("aws-home");

    public AwsCredentialsFile()
    {
        Path = System.IO.Path.Combine(_home.Path, "credentials");
        File.WriteAllText(
            Path,
            $"[good]\naws_access_key_id = {S3rverServer.AccessKeyId}\naws_secret_access_key = {S3rverServer.SecretAccessKey}\n"
            + $"[bad]\naws_access_key_id = NOPE\naws_secret_access_key = {BadSecret}\n");
    }

    public string Path { get; }

    public string BadSecret { get; } = "wJalrXUtnFEMI-bad-profile-secret-K7MDENG";

    public void Dispose() => _home.Dispose();
}
