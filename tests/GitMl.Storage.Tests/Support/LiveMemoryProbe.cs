namespace GitMl.Storage.Tests.Support;

/// <summary>
/// Watches live managed memory (after a full collection) while a large object streams, to show it stays flat:
/// buffering the object would make it grow with the bytes moved. Sampling forces full collections, so it samples
/// only every <see cref="Interval"/> bytes. Process-wide: use it in a test that runs alone (<see cref="LargeObjects"/>).
/// </summary>
public sealed class LiveMemoryProbe
{
    public const long Interval = 32 * 1024 * 1024;

    private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
    private long _next;

    /// <summary>The most live memory seen above what was live when the probe was made.</summary>
    public long PeakGrowth { get; private set; }

    /// <summary>Samples when <paramref name="bytesMoved"/> has passed the next interval.</summary>
    public void At(long bytesMoved)
    {
        if (bytesMoved >= _next)
        {
            PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(forceFullCollection: true) - _baseline);
            _next = bytesMoved + Interval;
        }
    }

    /// <summary>Starts counting bytes from zero again (e.g. from upload to download).</summary>
    public void Restart() => _next = 0;

    /// <summary>Reads <paramref name="content"/> to its end, sampling on the way; returns its SHA-256 and length.</summary>
    public async Task<(byte[] Sha256, long Length)> HashAsync(Stream content)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        long read = 0;
        int n;
        while ((n = await content.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            read += n;
            At(read);
        }

        return (hash.GetHashAndReset(), read);
    }
}
