using GitMl.Storage.Tests.Contract;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Azure;

/// <summary>The storage contract on Azurite: each test's store is a fresh prefix in the server's container.</summary>
public sealed class AzureBlobStoreContractTests(AzuriteServer server) : BlobStoreContract, IClassFixture<AzuriteServer>
{
    protected override Task<IBlobStore> CreateStoreAsync(string prefix) => server.CreateStoreAsync(prefix);
}
