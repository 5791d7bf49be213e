namespace GitMl.Storage.IO;

/// <summary>
/// Passes an object's bytes through while checking them against its announced length and SHA-256
/// (<see cref="ContentCheck"/>): the read that shows they are not the expected object throws
/// <see cref="IntegrityException"/>, be it one that brings more bytes than expected, one that finds the end early, or
/// the one that completes the expected length with the wrong SHA-256. A reader therefore learns of damage before it
/// can believe it has the whole object, also when it stops after exactly <c>length</c> bytes instead of reading on
/// to the end. Once failed, every later read fails the same way.
/// </summary>
internal sealed class VerifyingReadStream : ObservedReadStream
{
    private readonly ContentCheck _check;
    private readonly Action<long>? _advance;

    /// <param name="store">The store's description, for messages.</param>
    /// <param name="advance">Told the size of every chunk read (progress), if given.</param>
    /// <param name="leaveOpen">Leave <paramref name="inner"/> open when this stream is disposed.</param>
    public VerifyingReadStream(
        Stream inner, string store, string key, long length, ReadOnlyMemory<byte> sha256, Action<long>? advance = null, bool leaveOpen = false)
        : base(inner, leaveOpen)
    {
        _check = new ContentCheck(store, key, length, sha256);
        _advance = advance;
    }

    /// <summary>True once exactly the expected length has been read and hashed to the expected SHA-256.</summary>
    public bool Verified => _check.Verified;

    protected override void OnChunk(ReadOnlySpan<byte> chunk)
    {
        _check.Append(chunk);
        _advance?.Invoke(chunk.Length);
    }

    protected override void OnEnd() => _check.End();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _check.Dispose();
        }
        base.Dispose(disposing);
    }
}
