using System.Security.Cryptography;

namespace GitMl.Storage.IO;

/// <summary>
/// Passes an object's bytes through while counting and hashing them, and throws <see cref="IntegrityException"/>
/// from the read that shows they are not the expected object: one that brings more bytes than expected, one that
/// finds the end early, or the one that completes the expected length with the wrong SHA-256. A reader therefore
/// learns of damage before it can believe it has the whole object, also when it stops after exactly
/// <c>length</c> bytes instead of reading on to the end. Once failed, every later read fails the same way.
/// </summary>
internal sealed class VerifyingReadStream : ObservedReadStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _store;
    private readonly string _key;
    private readonly long _length;
    private readonly ReadOnlyMemory<byte> _sha256;
    private readonly Action<long>? _advance;
    private long _count;
    private IntegrityException? _failure;

    /// <param name="store">The store's description, for messages.</param>
    /// <param name="advance">Told the size of every chunk read (progress), if given.</param>
    /// <param name="leaveOpen">Leave <paramref name="inner"/> open when this stream is disposed.</param>
    public VerifyingReadStream(
        Stream inner, string store, string key, long length, ReadOnlyMemory<byte> sha256, Action<long>? advance = null, bool leaveOpen = false)
        : base(inner, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"a SHA-256 has {SHA256.HashSizeInBytes} bytes, not {sha256.Length}", nameof(sha256));
        }
        _store = store;
        _key = key;
        _length = length;
        _sha256 = sha256;
        _advance = advance;
    }

    /// <summary>True once exactly the expected length has been read and hashed to the expected SHA-256.</summary>
    public bool Verified { get; private set; }

    protected override void OnChunk(ReadOnlySpan<byte> chunk)
    {
        ThrowIfFailed();
        if (_count + chunk.Length > _length)
        {
            Fail($"more than the expected {_length} bytes");
        }
        _hash.AppendData(chunk);
        _count += chunk.Length;
        _advance?.Invoke(chunk.Length);
        if (_count == _length)
        {
            Verify();
        }
    }

    protected override void OnEnd()
    {
        ThrowIfFailed();
        if (_count != _length)
        {
            Fail($"it ended after {_count} of {_length} bytes");
        }
        if (!Verified)
        {
            Verify(); // Only a 0-byte object gets here unverified: no chunk ever completed its length.
        }
    }

    private void Verify()
    {
        byte[] actual = _hash.GetHashAndReset();
        if (!actual.AsSpan().SequenceEqual(_sha256.Span))
        {
            Fail($"its SHA-256 is {Convert.ToHexStringLower(actual)}, not {Convert.ToHexStringLower(_sha256.Span)}");
        }
        Verified = true;
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw _failure;
        }
    }

    private void Fail(string detail)
    {
        _failure = new IntegrityException(_store, _key, detail);
        throw _failure;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
