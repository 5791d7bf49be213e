using GitMl.TestServers;

namespace GitMl.Storage.Tests.EndToEnd;

/// <summary>What can go wrong with one object download, as <see cref="FaultProxy"/> stages it.</summary>
public enum DownloadFault
{
    /// <summary>The connection closes normally after part of the body (the head announced all of it).</summary>
    TruncatedBody,

    /// <summary>One byte of the body is inverted; length and headers are intact.</summary>
    FlippedByte,

    /// <summary>HTTP 500 instead of the object.</summary>
    Http500,

    /// <summary>HTTP 503 with Retry-After: <see cref="DownloadFaults.RetryAfterSeconds"/>.</summary>
    Http503WithRetryAfter,

    /// <summary>The connection is reset (TCP RST) after part of the body.</summary>
    ConnectionReset,
}

/// <summary>
/// The proxy's script for each <see cref="DownloadFault"/>, on an object of a few hundred KiB. Cuts come early in the
/// body: the Azure SDK resumes a broken download by itself (up to 5 times, each from where the last stopped), so a
/// cut late enough would let the object arrive in a few pieces even when every request is cut.
/// </summary>
public static class DownloadFaults
{
    public const int RetryAfterSeconds = 7;

    public static ProxyFault Script(DownloadFault fault) => fault switch
    {
        DownloadFault.TruncatedBody => new ProxyFault.TruncateBody(AfterBytes: 1000),
        DownloadFault.FlippedByte => new ProxyFault.FlipByte(Offset: 12_345),
        DownloadFault.Http500 => new ProxyFault.Respond(500),
        DownloadFault.Http503WithRetryAfter => new ProxyFault.Respond(503, RetryAfterSeconds),
        DownloadFault.ConnectionReset => new ProxyFault.ResetBody(AfterBytes: 1000),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}
