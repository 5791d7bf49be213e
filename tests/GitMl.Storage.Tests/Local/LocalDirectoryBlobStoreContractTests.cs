using GitMl.Storage.Local;
using GitMl.Storage.Tests.Contract;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Local;

/// <summary>The storage contract on a plain folder: the prefix is a folder under a fresh temporary folder.</summary>
public sealed class LocalDirectoryBlobStoreContractTests : BlobStoreContract
{
    private readonly TempDirectory _temp = new();

    protected override bool TagsVersions => false;

    protected override Task<IBlobStore> CreateStoreAsync(string prefix)
    {
        string root = _temp.Combine(prefix);
        Directory.CreateDirectory(root); // The store never creates its root (it may be an unmounted drive).
        return Task.FromResult<IBlobStore>(new LocalDirectoryBlobStore(root));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }
}
