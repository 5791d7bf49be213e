using System.Security.Cryptography;

namespace GitMl.Storage.IO;

/// <summary>
/// Holds bytes to an object's announced length and SHA-256 as they stream by, and throws
/// <see cref="IntegrityException"/> as soon as they cannot be that object: a chunk that goes past the length, an
/// end before the length, or the chunk that completes the length with the wrong SHA-256. Once failed, every later
/// call fails the same way. What uploads (<see cref="Adapters.VerifiedContentReader"/>) and downloads
/// (<see cref="VerifyingReadStream"/>) both check, in the same words.
/// </summary>
internal sealed class ContentCheck : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _store;
    private readonly string _key;
    private readonly ReadOnlyMemory<byte> _sha256;
    private IntegrityException? _failure;

    /// <param name="store">The store's description, for messages.</param>
    /// <exception cref="ArgumentException">A negative length, or a SHA-256 that is not 32 bytes.</exception>
    public ContentCheck(string store, string key, long length, ReadOnlyMemory<byte> sha256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 has {SHA256.HashSizeInBytes} bytes, not {sha256.Length}.", nameof(sha256));
        }

        _store = store;
        _key = key;
        _sha256 = sha256;
        Length = length;
    }

    public long Length { get; }

    /// <summary>Bytes seen so far.</summary>
    public long Count { get; private set; }

    /// <summary>True once exactly <see cref="Length"/> bytes were seen and hashed to the expected SHA-256.</summary>
    public bool Verified { get; private set; }

    /// <summary>Takes the next bytes; verifies the SHA-256 when they complete the length.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        ThrowIfFailed();
        if (Count + chunk.Length > Length)
        {
            Fail($"more than the expected {Length} bytes");
        }

        _hash.AppendData(chunk);
        Count += chunk.Length;
        if (Count == Length && !chunk.IsEmpty)
        {
            Verify();
        }
    }

    /// <summary>The content ended: it must have had exactly the length (an empty object is verified here).</summary>
    public void End()
    {
        ThrowIfFailed();
        if (Count != Length)
        {
            Fail($"it ended after {Count} of {Length} bytes");
        }

        if (!Verified)
        {
            Verify();
        }
    }

    public void Dispose() => _hash.Dispose();

    private void Verify()
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetHashAndReset(actual);
        if (!actual.SequenceEqual(_sha256.Span))
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
}
