namespace GitMl.Storage;

/// <summary>One object to upload: where it goes, its exact length and SHA-256, and how to open its bytes (opened
/// once per attempt, disposed by the queue).</summary>
public sealed record UploadItem(string Key, long Length, ReadOnlyMemory<byte> Sha256, Func<Stream> Open)
{
    /// <summary>Opens the object's file when its owner knows its bytes are right (see <see cref="KnownGoodFile"/>), for a
    /// store that copies files inside the kernel (<see cref="IFileCopyTarget"/>); null, or a null answer, when they must
    /// be read and checked through <see cref="Open"/>.</summary>
    public Func<KnownGoodFile?>? OpenKnownGood { get; init; }
}

/// <summary>
/// One object to download. <see cref="Consume"/> receives a stream of the object's bytes that checks length and
/// SHA-256 while it is read and throws <see cref="IntegrityException"/> at its end when they are wrong; the
/// consumer must keep nothing when reading throws (git-ml's object store writes to a temporary file and
/// publishes only a verified object). The queue retries a damaged download like any transient failure.
/// </summary>
public sealed record DownloadItem(string Key, long Length, ReadOnlyMemory<byte> Sha256, Func<Stream, CancellationToken, Task> Consume);

/// <summary>An object that could not be transferred after every retry, and why (a message that names the key and store).</summary>
public sealed record TransferFailure(string Key, string Message);

/// <summary>What a transfer did.</summary>
/// <param name="Transferred">Objects uploaded or downloaded.</param>
/// <param name="Skipped">Objects not uploaded because the store already had them.</param>
/// <param name="Bytes">The sizes of the objects transferred, added up: finished objects only. Bytes of attempts that
/// failed, of retries and of objects that failed for good are not counted (progress reports every byte moved).</param>
/// <param name="Failures">Objects that could not be transferred, in the order they were given.</param>
public sealed record TransferReport(int Transferred, int Skipped, long Bytes, IReadOnlyList<TransferFailure> Failures)
{
    public bool Succeeded => Failures.Count == 0;

    /// <summary>
    /// The failure of the store itself that stopped the transfer (<see cref="StorageException.AffectsWholeStore"/>:
    /// unreachable, credentials refused, no such bucket), or null. Every object not transferred failed with it, so it
    /// is what to tell, once.
    /// </summary>
    public StorageException? StoppedBy { get; init; }
}
