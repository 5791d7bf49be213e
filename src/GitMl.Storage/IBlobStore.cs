namespace GitMl.Storage;

/// <summary>
/// A remote container of content-addressed objects. Keys are relative, slash-separated paths under the store's
/// own prefix (git-ml uses <c>ab/cd/&lt;sha256&gt;</c>) and follow <see cref="BlobKeys"/>: every operation refuses an
/// invalid key or listing prefix with <see cref="ArgumentException"/> before it sends anything. Keys are
/// case-sensitive. Every backend (local directory, S3, Azure Blob) passes the same contract test suite
/// (tests/GitMl.Storage.Tests/Contract); backends are built from the parts in the GitMl.Storage.Adapters namespace.
/// <para>Contract:</para>
/// <list type="bullet">
/// <item>A reader never sees a partial object under its key: an object appears complete or not at all, also when
/// the writer is killed mid-upload.</item>
/// <item>Only an object whose bytes match the length and SHA-256 announced to <see cref="PutAsync"/> is ever stored.</item>
/// <item>Putting a key that exists replaces it; since keys are content hashes the content is the same, so a
/// concurrent reader sees either copy.</item>
/// <item>Content is streamed both ways: memory use does not grow with object size.</item>
/// <item>Failures are <see cref="StorageException"/>s; <see cref="StorageException.IsTransient"/> says whether a
/// retry may help and <see cref="StorageException.RetryAfter"/> carries the server's Retry-After. Invalid arguments
/// are <see cref="ArgumentException"/>s, and the caller's cancellation an <see cref="OperationCanceledException"/>.</item>
/// <item>An object is visible to readers as soon as <see cref="PutAsync"/> returns; it is durable (survives a power cut
/// or an operating-system crash) once <see cref="FlushAsync"/> has returned after it. Cloud stores' puts are durable
/// when they return; a local folder defers its disk flushes to <see cref="FlushAsync"/>, so that many puts share one.</item>
/// <item>Messages and <see cref="Description"/> never contain credentials.</item>
/// </list>
/// </summary>
public interface IBlobStore : IAsyncDisposable
{
    /// <summary>Where this store is, for messages (a URL without secrets, such as s3://bucket/prefix).</summary>
    string Description { get; }

    /// <summary>
    /// Which of <paramref name="keys"/> exist, as a set that compares ordinally (case-sensitive) and holds only keys
    /// that were asked about; a key asked twice is answered once. Backends answer in as few round trips as they can.
    /// A bucket or container that does not exist holds nothing: every key is reported missing, and the upload that
    /// follows creates the container or says what is wrong. (A local store's folder is no container: a missing
    /// folder is an error, since it usually means a drive that is not mounted.)
    /// </summary>
    Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the object under <paramref name="key"/>: <paramref name="length"/> bytes read from
    /// <paramref name="content"/>, whose SHA-256 is <paramref name="sha256"/> (32 bytes).
    /// <para>The store reads exactly <paramref name="length"/> bytes from the content's current position and never
    /// more, so bytes that follow are left unread. Content that ends before <paramref name="length"/> bytes, or whose
    /// bytes do not hash to <paramref name="sha256"/>, is refused with an <see cref="IntegrityException"/>, and
    /// nothing is stored under the key. Backends whose server can check the SHA-256 too have it do so.</para>
    /// <para>The caller owns <paramref name="content"/> and disposes it: the store never does, also when it fails.
    /// An exception the content throws while it is read passes through unchanged, and nothing is stored.</para>
    /// </summary>
    Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken);

    /// <summary>
    /// Opens an object for reading. The stream holds the object's bytes as stored; a connection that breaks while it
    /// is read fails the read (transient), never ends it early as if the object were shorter. Dispose it.
    /// </summary>
    /// <exception cref="BlobNotFoundException">There is no object under <paramref name="key"/>.</exception>
    Task<BlobDownload> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/>, in no particular order, each once. The prefix
    /// is a plain string prefix, not a folder: "ab/c" matches "ab/cd/x" and "ab/ce", "ab" matches "abc/z"; ""
    /// lists everything. It is checked when this method is called, before the listing is enumerated.
    /// </summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting a key that does not exist is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every object put so far durable; stores whose puts are durable when they return (S3, Azure) return at
    /// once, and so does every store when nothing was put since the last flush. Call it once after a batch of puts,
    /// before telling anyone the objects are stored. A failure (a <see cref="StorageException"/>) means the objects
    /// put since the last successful flush may not survive a power cut, although readers may already see them.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
