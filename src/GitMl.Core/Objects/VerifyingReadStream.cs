using System.Security.Cryptography;

namespace GitMl.Core.Objects;

/// <summary>
/// Reads a stored object while hashing it. The read that completes the object (the last bytes, or the end of
/// the file) checks the hash: when the bytes do not hash to the object's id, <paramref name="onCorrupt"/> is
/// called and that read throws what it returns instead of handing over the last bytes. So a consumer that
/// stops reading once it has the length it expected (an HTTP upload) still never passes on a corrupt object
/// in full.
/// </summary>
internal sealed class VerifyingReadStream(FileStream file, ObjectId oid, Func<string, Exception> onCorrupt) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _length = file.Length;
    private long _read;
    private bool _verified;

    public ObjectId Oid => oid;

    public override long Length => _length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The file is local: reading it where the caller runs beats Stream's default, which hands every read to the
    // thread pool one at a time (an upload of 5,000 small objects spent more time switching threads than reading).
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (_read >= _length)
        {
            // The object's length was taken when it was opened, and exactly that many bytes are hashed: anything
            // appended since was never verified and is not read (this also spares the read that would find the end).
            if (!_verified && buffer.Length > 0)
            {
                Verify();
            }
            return 0;
        }
        int n = file.Read(buffer[..(int)Math.Min(buffer.Length, _length - _read)]);
        if (n > 0)
        {
            _hash.AppendData(buffer[..n]);
            _read += n;
            if (_read >= _length && !_verified)
            {
                Verify();
            }
            return n;
        }
        if (!_verified && buffer.Length > 0)
        {
            Verify();
        }
        return 0;
    }

    private void Verify()
    {
        _verified = true;
        var actual = ObjectId.FromHash(_hash.GetHashAndReset());
        if (actual != oid)
        {
            throw onCorrupt($"content hashes to {actual}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
