using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace GitMl.Server.Tests;

/// <summary>
/// What MLflow's HttpArtifactRepository does with an <c>mlflow-artifacts:/PATH</c> URI (resolved against the tracking
/// URI to /api/2.0/mlflow-artifacts/artifacts/PATH): PUT each file, GET ?path= to list one level, GET each file,
/// recursing into folders the way download_artifacts does.
/// </summary>
internal static class ArtifactClient
{
    public const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    public static string PathOf(string artifactUri) =>
        artifactUri.StartsWith("mlflow-artifacts:/", StringComparison.Ordinal) ? artifactUri["mlflow-artifacts:/".Length..] : throw new ArgumentException(artifactUri);

    public static async Task<HttpResponseMessage> Upload(HttpClient client, string artifactUri, string relative, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        return await client.PutAsync($"{Proxy}/{PathOf(artifactUri)}/{relative}", body);
    }

    /// <summary>Downloads everything under an artifact URI: relative path -> bytes.</summary>
    public static async Task<Dictionary<string, byte[]>> DownloadAll(HttpClient client, string artifactUri)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await Walk(client, PathOf(artifactUri), "", files);
        return files;
    }

    private static async Task Walk(HttpClient client, string root, string relative, Dictionary<string, byte[]> files)
    {
        string listed = relative.Length == 0 ? root : $"{root}/{relative}";
        using var response = await client.GetAsync($"{Proxy}?path={Uri.EscapeDataString(listed)}");
        response.EnsureSuccessStatusCode();
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (!json.TryGetProperty("files", out var entries))
        {
            return;
        }
        foreach (var entry in entries.EnumerateArray())
        {
            string name = entry.GetProperty("path").GetString()!;
            string path = relative.Length == 0 ? name : $"{relative}/{name}";
            if (entry.GetProperty("is_dir").GetBoolean())
            {
                await Walk(client, root, path, files);
            }
            else
            {
                files[path] = await client.GetByteArrayAsync($"{Proxy}/{root}/{path}");
            }
        }
    }

    /// <summary>
    /// Sends one request with its target exactly as given (HttpClient would collapse "." and ".." segments before
    /// sending, hiding what a hostile client can send) and returns the status code.
    /// </summary>
    public static async Task<int> RawStatus(Uri server, string method, string target, byte[] body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        string head = $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string status = await reader.ReadLineAsync() ?? "";
        return int.Parse(status.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
