using System.Security.Cryptography;

namespace GitMl.Core.Objects;

/// <summary>
/// Reads a stored object while hashing it. When the end is reached and the bytes do not hash to the object's
/// id, <paramref name="onCorrupt"/> is called and the read throws what it returns, so a caller streaming the
/// bytes somewhere learns before it reports success.
/// </summary>
internal sealed class VerifyingReadStream(FileStream file, ObjectId oid, Func<string, Exception> onCorrupt) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    public ObjectId Oid => oid;

    public override long Length => file.Length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = file.Read(buffer);
        if (n > 0)
        {
            _hash.AppendData(buffer[..n]);
            _read += n;
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
