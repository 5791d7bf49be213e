using GitMl.Storage.Tests.Contract;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.S3;

/// <summary>The storage contract on s3rver: each test's store is a fresh prefix in the server's bucket.</summary>
public sealed class S3BlobStoreContractTests(S3rverServer server) : BlobStoreContract, IClassFixture<S3rverServer>
{
    protected override Task<IBlobStore> CreateStoreAsync(string prefix) => server.CreateStoreAsync(prefix);
}
