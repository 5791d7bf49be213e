using GitMl.Storage.S3;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.EndToEnd;

/// <summary>The transfer queue and <see cref="S3BlobStore"/> under network faults, on s3rver.</summary>
[Collection(SharedS3rver.Name)]
public sealed class S3TransferFaultTests(S3rverServer server) : TransferFaultTests
{
    protected override Uri ServerHost => server.Endpoint;

    protected override IBlobStore CreateStore(string prefix, Uri? proxy) => new S3BlobStore(server.Options(server.Bucket, prefix, proxy));
}
