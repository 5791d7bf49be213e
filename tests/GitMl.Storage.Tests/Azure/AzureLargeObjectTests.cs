using GitMl.Storage.Azure;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Azure;

/// <summary>A 200 MB object through AzureBlobStore, generated and hashed on the fly, in memory that does not grow with its size.</summary>
[Collection(LargeObjects.Name)]
public sealed class AzureLargeObjectTests(AzuriteServer server) : IClassFixture<AzuriteServer>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_200_MB_object_streams_up_and_down_in_constant_memory()
    {
        const long length = 200L * 1000 * 1000;
        const ulong seed = 2025;
        await using var proxy = new FaultProxy(server.Host);
        await using var store = new AzureBlobStore(server.Options(server.Container, "large", proxy.Url) with { BlockSize = 16 * MiB, SingleUploadThreshold = 16 * MiB });
        var expected = SeededStream.Sha256Of(length, seed);
        var key = StoreTestExtensions.KeyFor(expected);
        var memory = new LiveMemoryProbe();

        await using (var content = new SeededStream(length, seed) { OnRead = memory.At })
        {
            await store.PutAsync(key, content, length, expected, CancellationToken.None);
        }

        memory.Restart();
        await using var download = await store.GetAsync(key, CancellationToken.None);
        var (sha256, read) = await memory.HashAsync(download.Content);

        Assert.Equal(length, download.Length);
        Assert.Equal(length, read);
        Assert.Equal(expected, sha256);
        Assert.Equal(12, proxy.Requests.Count(r => r.Query.Contains("comp=block", StringComparison.Ordinal) && !r.Query.Contains("blocklist", StringComparison.Ordinal)));
        Assert.True(memory.PeakGrowth < 100 * MiB, $"live managed memory grew by up to {memory.PeakGrowth / MiB} MiB");
    }
}
