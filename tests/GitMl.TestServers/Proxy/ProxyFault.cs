namespace GitMl.TestServers;

/// <summary>What <see cref="FaultProxy"/> does to one request instead of passing it through unchanged.</summary>
public abstract record ProxyFault
{
    /// <summary>The proxy answers with <paramref name="Status"/> itself (the server never sees the request), with a
    /// Retry-After header of whole seconds when given, and a small XML error body (none for HEAD).</summary>
    public sealed record Respond(int Status, int? RetryAfterSeconds = null) : ProxyFault;

    /// <summary>The response head (with its full Content-Length) and the first <paramref name="AfterBytes"/> body bytes
    /// reach the client, then the connection is closed normally.</summary>
    public sealed record TruncateBody(long AfterBytes) : ProxyFault;

    /// <summary>The body byte at <paramref name="Offset"/> is inverted; everything else passes unchanged, except the
    /// ETag header when <paramref name="ETag"/> replaces it (e.g. to look like S3's multipart ETags, "md5-N").</summary>
    public sealed record FlipByte(long Offset, string? ETag = null) : ProxyFault;

    /// <summary>Like <see cref="TruncateBody"/>, but the connection is reset (TCP RST) instead of closed.</summary>
    public sealed record ResetBody(long AfterBytes) : ProxyFault;
}
