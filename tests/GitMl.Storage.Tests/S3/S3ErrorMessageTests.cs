using System.Net;
using System.Net.Sockets;
using GitMl.Storage.S3;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.S3;

/// <summary>Failures a user causes (missing bucket, wrong credentials, wrong endpoint) and what they are told.</summary>
[Collection(SharedS3rver.Name)]
public sealed class S3ErrorMessageTests(S3rverServer server, AwsCredentialsFile credentials) : IClassFixture<AwsCredentialsFile>
{
    private const string Secret = "wJalrXUtnFEMI-not-a-real-secret-K7MDENG";
    private const string SessionToken = "session-token-that-must-stay-hidden";

    [Fact]
    public async Task A_missing_bucket_is_named_with_how_to_create_it_on_every_operation_but_exists()
    {
        await using var store = new S3BlobStore(server.Options("no-such-bucket-here", "p"));

        var put = await Assert.ThrowsAsync<StorageException>(() => store.PutBytesAsync("ab/cd/k", [1]));
        var get = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("ab/cd/k", CancellationToken.None));
        var list = await Assert.ThrowsAsync<StorageException>(() => store.ListAllAsync());
        var delete = await Assert.ThrowsAsync<StorageException>(() => store.DeleteAsync("ab/cd/k", CancellationToken.None));
        var found = await store.ExistsAsync(["ab/cd/k"], CancellationToken.None); // a missing bucket holds nothing

        Assert.All([put, get, list, delete], error =>
        {
            Assert.IsNotType<BlobNotFoundException>(error);
            Assert.False(error.IsTransient);
            Assert.True(error.AffectsWholeStore); // the transfer queue stops at the first one
            Assert.Contains("bucket 'no-such-bucket-here' does not exist", error.Message, StringComparison.Ordinal);
            Assert.Contains("aws s3 mb s3://no-such-bucket-here", error.Message, StringComparison.Ordinal);
        });
        Assert.Empty(found);
    }

    [Fact]
    public async Task Wrong_credentials_say_where_they_came_from_and_never_show_the_secret()
    {
        // s3rver knows one access key id (S3RVER) and does not check SigV4 signatures: an unknown id is its 403.
        await using var store = new S3BlobStore(server.Options(server.Bucket, "p") with
        {
            AccessKeyId = "AKIAWRONGKEY1234",
            SecretAccessKey = Secret,
            SessionToken = SessionToken,
        });

        var error = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("ab/cd/k", CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.True(error.AffectsWholeStore);
        Assert.Contains("access denied (HTTP 403 InvalidAccessKeyId)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the access key given in git-ml's settings (id ending in '1234')", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3:ListBucket", error.Message, StringComparison.Ordinal);
        var everything = error.ToString() + store.Description;
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAWRONGKEY1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_transient_failure_of_the_whole_store_naming_it_in_our_words()
    {
        var closedPort = ClosedPort();
        await using var store = new S3BlobStore(server.Options(server.Bucket, "p", new Uri($"http://127.0.0.1:{closedPort}")));

        var error = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("ab/cd/k", CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.True(error.AffectsWholeStore);
        Assert.Contains($"cannot reach http://127.0.0.1:{closedPort}/ (connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_does_not_exist_is_named_when_the_store_is_made()
    {
        var error = Assert.Throws<StorageException>(() => new S3BlobStore(new S3StoreOptions("bucket") { Profile = "missing-profile", CredentialsFile = credentials.Path }));

        Assert.Contains($"no usable AWS profile 'missing-profile' in {credentials.Path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("aws configure --profile missing-profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_profile_supplies_the_credentials_and_is_the_source_messages_name()
    {
        var options = server.Options(server.Bucket, "profile-" + Guid.NewGuid().ToString("N")) with
        {
            AccessKeyId = null,
            SecretAccessKey = null,
            CredentialsFile = credentials.Path,
        };
        await using var good = new S3BlobStore(options with { Profile = "good" });
        await using var bad = new S3BlobStore(options with { Profile = "bad" });

        await good.PutBytesAsync("k", [1, 2]);
        var error = await Assert.ThrowsAsync<StorageException>(() => bad.GetAsync("k", CancellationToken.None));

        Assert.Equal([1, 2], await good.ReadAllAsync("k"));
        Assert.Contains("with the AWS profile 'bad'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.BadSecret, error.ToString(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
