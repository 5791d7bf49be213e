using System.Net.Sockets;

namespace GitMl.TestServers;

/// <summary>The proxy's connection to the real server for one client connection, opened on first use and reopened after a close.</summary>
internal sealed class UpstreamConnection(Uri server) : IDisposable
{
    private TcpClient? _client;

    public NetworkStream Stream { get; private set; } = null!;

    public HttpStreamReader Reader { get; private set; } = null!;

    public async Task<UpstreamConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // A kept-alive connection the server has closed in the meantime polls readable with nothing to read.
        if (_client is { Connected: true } client && !(client.Client.Poll(0, SelectMode.SelectRead) && client.Available == 0))
        {
            return this;
        }

        Close();
        _client = new TcpClient { NoDelay = true };
        await _client.ConnectAsync(server.Host, server.Port, cancellationToken);
        Stream = _client.GetStream();
        Reader = new HttpStreamReader(Stream);
        return this;
    }

    public void Close()
    {
        _client?.Dispose();
        _client = null;
    }

    public void Dispose() => Close();
}
