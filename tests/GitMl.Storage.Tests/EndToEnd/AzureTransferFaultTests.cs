using GitMl.Storage.Azure;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.EndToEnd;

/// <summary>The transfer queue and <see cref="AzureBlobStore"/> under network faults, on Azurite.</summary>
[Collection(SharedAzurite.Name)]
public sealed class AzureTransferFaultTests(AzuriteServer server) : TransferFaultTests
{
    protected override Uri ServerHost => server.Host;

    protected override IBlobStore CreateStore(string prefix, Uri? proxy) => new AzureBlobStore(server.Options(server.Container, prefix, proxy));
}
