using GitMl.Storage.Azure;
using GitMl.Storage.S3;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Support;

/// <summary>
/// git-ml's stores on the test servers. A backend's contract tests are a three-line subclass:
/// <code>
/// public sealed class S3ContractTests(S3rverServer server) : BlobStoreContract, IClassFixture&lt;S3rverServer&gt;
/// {
///     protected override Task&lt;IBlobStore&gt; CreateStoreAsync(string prefix) => server.CreateStoreAsync(prefix);
/// }
/// </code>
/// </summary>
public static class TestServerStores
{
    /// <summary>
    /// A store under <paramref name="prefix"/> in the server's shared bucket (created when the server started):
    /// stores with the same prefix see the same objects, so tests isolate themselves by prefix.
    /// </summary>
    public static Task<IBlobStore> CreateStoreAsync(this S3rverServer server, string prefix) =>
        Task.FromResult<IBlobStore>(new S3BlobStore(server.Options(server.Bucket, prefix)));

    /// <summary>Options for a store on this server (or on <paramref name="endpoint"/>, such as a <see cref="FaultProxy"/> in front of it).</summary>
    public static S3StoreOptions Options(this S3rverServer server, string bucket, string prefix = "", Uri? endpoint = null) => new(bucket)
    {
        Prefix = prefix,
        ServiceUrl = endpoint ?? server.Endpoint,
        ForcePathStyle = true,
        Region = S3rverServer.Region,
        AccessKeyId = S3rverServer.AccessKeyId,
        SecretAccessKey = S3rverServer.SecretAccessKey,
    };

    /// <summary>A store under <paramref name="prefix"/> in the server's shared container (created when the server started).</summary>
    public static Task<IBlobStore> CreateStoreAsync(this AzuriteServer server, string prefix) =>
        Task.FromResult<IBlobStore>(new AzureBlobStore(server.Options(server.Container, prefix)));

    /// <summary>
    /// Options for a store on this server (or behind <paramref name="host"/>, such as a <see cref="FaultProxy"/>), with
    /// the account key. The store's own pinned service version is left alone: the server refuses any it does not know.
    /// </summary>
    public static AzureStoreOptions Options(this AzuriteServer server, string container, string prefix = "", Uri? host = null) => new(container)
    {
        Prefix = prefix,
        AccountName = AzuriteServer.AccountName,
        ServiceUri = AzuriteServer.ServiceUriAt(host ?? server.Host),
        AccountKey = AzuriteServer.AccountKey,
    };
}
