using GitMl.Storage;

namespace GitMl.Core.Remotes;

/// <summary>
/// Opens the storage behind a data remote. Core only knows the contract; the executable supplies the factory
/// that knows the cloud SDKs (Core never references them).
/// </summary>
public interface IBlobStoreFactory
{
    IBlobStore Open(DataRemote remote);
}
