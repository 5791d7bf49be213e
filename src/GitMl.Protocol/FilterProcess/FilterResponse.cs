using GitMl.Protocol.PktLine;

namespace GitMl.Protocol.FilterProcess;

/// <summary>
/// The reply to one request. Git expects "status=success" before any content, then the content, a flush, and a
/// final status list (empty to keep "success", or "status=error"/"status=abort" when processing failed after
/// content was sent). This class sequences that: the first write to <see cref="Content"/> drains the request and
/// sends the success status; <see cref="Finish"/> sends the rest.
/// </summary>
#pragma warning disable CA1001 // The content stream holds no resources of its own; the session owns the pipes.
public sealed class FilterResponse
#pragma warning restore CA1001
{
    private readonly PktLineWriter _writer;
    private readonly PktLineContentReadStream _request;
    private readonly ResponseContentStream _content;

    internal FilterResponse(Stream output, PktLineWriter writer, PktLineContentReadStream request, byte[] packetBuffer)
    {
        _writer = writer;
        _request = request;
        _content = new ResponseContentStream(this, new PktLineContentWriteStream(output, packetBuffer));
    }

    /// <summary>Where the converted content goes. Writing to it commits the reply to a success status.</summary>
    public Stream Content => _content;

    /// <summary>True once content (and so the success status) has been sent.</summary>
    public bool HasStarted { get; private set; }

    internal void Finish(FilterStatus status)
    {
        _request.Drain();
        if (!HasStarted && status != FilterStatus.Success)
        {
            _writer.WriteText(StatusLine(status));
            _writer.Flush();
            return;
        }
        Start();
        _content.Writer.Complete();
        _writer.WriteFlushPacket();
        if (status != FilterStatus.Success)
        {
            _writer.WriteText(StatusLine(status));
        }
        _writer.Flush();
    }

    private void Start()
    {
        if (HasStarted)
        {
            return;
        }
        _request.Drain();
        // Not flushed to git yet: git reads the status, the content and the final status list as one reply, so a
        // small file's whole reply leaves in the one write of Finish (large content flushes as the buffer fills).
        _writer.WriteText("status=success");
        _writer.WriteFlushPacket();
        HasStarted = true;
    }

    private static string StatusLine(FilterStatus status) => status switch
    {
        FilterStatus.Success => "status=success",
        FilterStatus.Error => "status=error",
        FilterStatus.Abort => "status=abort",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private sealed class ResponseContentStream(FilterResponse owner, PktLineContentWriteStream writer) : Stream
    {
        public PktLineContentWriteStream Writer => writer;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }
            owner.Start();
            writer.Write(buffer);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
