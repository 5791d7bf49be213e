using System.Text;

namespace GitMl.Core.Tests.Drift;

/// <summary>
/// A read-only stream that writes a CSV as it is read: the header, then <c>rows</c> lines from a generator, encoded
/// one at a time. The table never exists in memory, so a test can feed gigabyte-scale input without allocating it.
/// <paramref name="onRow"/> runs before each row is generated (e.g. to sample memory).
/// </summary>
internal sealed class GeneratedCsvStream(string header, long rows, Func<long, string> row, Action<long>? onRow = null) : Stream
{
    private byte[] _pending = Encoding.UTF8.GetBytes(header + "\n");
    private int _offset;
    private long _next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int written = 0;
        while (written < count)
        {
            if (_offset == _pending.Length)
            {
                if (_next == rows)
                {
                    break;
                }
                onRow?.Invoke(_next);
                _pending = Encoding.UTF8.GetBytes(row(_next++) + "\n");
                _offset = 0;
            }
            int n = Math.Min(count - written, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset + written, n);
            _offset += n;
            written += n;
        }
        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
