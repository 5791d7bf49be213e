using GitMl.Core.Remotes;
using GitMl.Storage;
using GitMl.Storage.Local;

namespace GitMl.Cli.Storage;

/// <summary>Opens a data remote's storage: the one place that knows every backend (Core only knows the contract).</summary>
public sealed class BlobStoreFactory : IBlobStoreFactory
{
    public IBlobStore Open(DataRemote remote) => remote.Url.Kind switch
    {
        RemoteKind.Directory => new LocalDirectoryBlobStore(remote.Url.Location),
        _ => throw new NotSupportedException($"{remote}: this build of git-ml cannot reach {remote.Url.Kind} storage"),
    };
}
