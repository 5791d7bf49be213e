namespace GitMl.Storage;

/// <summary>
/// A remote container of content-addressed objects. Keys are relative, slash-separated paths under the store's
/// own prefix (git-ml uses <c>ab/cd/&lt;sha256&gt;</c>). Every backend (local directory, S3, Azure Blob) passes the same
/// contract test suite (tests/GitMl.Storage.Tests).
/// <para>Contract:</para>
/// <list type="bullet">
/// <item>A reader never sees a partial object under its key: an object appears complete or not at all, also when
/// the writer is killed mid-upload.</item>
/// <item>Putting a key that exists replaces it; since keys are content hashes the content is the same, so a
/// concurrent reader sees either copy.</item>
/// <item>Content is streamed both ways: memory use does not grow with object size.</item>
/// <item>Failures are <see cref="StorageException"/>s; <see cref="StorageException.IsTransient"/> says whether a
/// retry may help and <see cref="StorageException.RetryAfter"/> carries the server's Retry-After.</item>
/// <item>Messages and <see cref="Description"/> never contain credentials.</item>
/// </list>
/// </summary>
public interface IBlobStore : IAsyncDisposable
{
    /// <summary>Where this store is, for messages (a URL without secrets, such as s3://bucket/prefix).</summary>
    string Description { get; }

    /// <summary>Which of <paramref name="keys"/> exist. Backends answer in as few round trips as they can.</summary>
    Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="length"/> bytes read from <paramref name="content"/> under <paramref name="key"/>.
    /// <paramref name="sha256"/> is the content's SHA-256 (32 bytes); backends that can have the server check it do.
    /// </summary>
    Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading.</summary>
    /// <exception cref="BlobNotFoundException">There is no object under <paramref name="key"/>.</exception>
    Task<BlobDownload> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> ("" for all), in no particular order.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting a key that does not exist is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
