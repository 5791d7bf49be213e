using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// A hostile storage endpoint on 127.0.0.1: it answers every HTTP request with 403 and keeps every byte it was sent
/// (request line, headers, body), so a test can assert that no credential ever reached it. It speaks just enough
/// HTTP/1.1 for the S3 and Azure SDKs: one request per connection, answered with Connection: close.
/// </summary>
public sealed class RecordingEndpoint : IDisposable
{
    private const string Denied = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly Task _loop;

    public RecordingEndpoint()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>http://127.0.0.1:PORT, no trailing slash.</summary>
    public string Url { get; }

    /// <summary>Every request received so far, raw (Latin-1, so every byte survives).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Everything received so far, as one string.</summary>
    public string Everything => string.Concat(Requests);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var received = new MemoryStream();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                int headerEnd = await ReadUntilAsync(stream, received, r => IndexOf(r, "\r\n\r\n"u8), timeout.Token);
                if (headerEnd >= 0)
                {
                    string head = Encoding.Latin1.GetString(received.GetBuffer(), 0, headerEnd);
                    long bodyLength = Header(head, "Content-Length") is { } length && long.TryParse(length, out long n) ? n : 0;
                    bool waits = Header(head, "Expect")?.Contains("100-continue", StringComparison.OrdinalIgnoreCase) == true;
                    if (!waits && bodyLength > 0)
                    {
                        await ReadUntilAsync(stream, received, r => r.Length >= headerEnd + 4 + bodyLength ? 0 : -1, timeout.Token);
                    }
                    bool isHead = head.StartsWith("HEAD ", StringComparison.Ordinal);
                    string response = $"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nx-ms-error-code: AuthenticationFailed\r\n" +
                        $"Content-Length: {(isHead ? 0 : Denied.Length)}\r\nConnection: close\r\n\r\n{(isHead ? "" : Denied)}";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // A client that hangs up or stalls: what it sent is recorded all the same.
            }
            finally
            {
                lock (_requests)
                {
                    _requests.Add(Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length));
                }
            }
        }
    }

    /// <summary>Reads into <paramref name="received"/> until <paramref name="done"/> gives a non-negative answer or the peer closes.</summary>
    private static async Task<int> ReadUntilAsync(NetworkStream stream, MemoryStream received, Func<ReadOnlyMemory<byte>, int> done, CancellationToken token)
    {
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int found = done(received.GetBuffer().AsMemory(0, (int)received.Length));
            if (found >= 0)
            {
                return found;
            }
            int n = await stream.ReadAsync(buffer, token);
            if (n == 0)
            {
                return -1;
            }
            received.Write(buffer, 0, n);
        }
    }

    private static int IndexOf(ReadOnlyMemory<byte> haystack, ReadOnlySpan<byte> needle) => haystack.Span.IndexOf(needle);

    private static string? Header(string head, string name)
    {
        foreach (string line in head.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends by cancellation.
        }
        _stop.Dispose();
    }
}
