namespace GitMl.Storage.Tests.Servers;

/// <summary>
/// A running storage server that hands out stores. The backend contract suite runs against a server with a
/// three-line subclass, e.g.
/// <code>
/// public sealed class S3ContractTests(S3rverServer server) : BlobStoreContract, IClassFixture&lt;S3rverServer&gt;
/// {
///     protected override Task&lt;IBlobStore&gt; CreateStoreAsync(string prefix) => server.CreateStoreAsync(prefix);
/// }
/// </code>
/// </summary>
public interface IBlobStoreServer
{
    /// <summary>
    /// A store under <paramref name="prefix"/> in the server's shared bucket or container (created when the server
    /// started): stores with the same prefix see the same objects, so tests isolate themselves by prefix.
    /// </summary>
    Task<IBlobStore> CreateStoreAsync(string prefix);
}
