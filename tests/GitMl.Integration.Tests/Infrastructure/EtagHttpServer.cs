using System.Diagnostics;
using System.Globalization;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// A real http server (python3's http.server, on loopback) over a folder: GET and HEAD of /a/b answer the file a_b
/// with the ETag written in a_b.etag; /nohead/... refuses HEAD (405) as some servers do; /short/... announces 10
/// bytes more than it sends and closes the connection, as a server that dies mid-transfer does; anything else 404.
/// Killed when disposed.
/// </summary>
public sealed class EtagHttpServer : IDisposable
{
    private const string Script = """
        import http.server, os, sys
        root = sys.argv[1]
        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self, body):
                path = self.path
                short = path.startswith("/short/")
                if short: path = path[len("/short"):]
                name = os.path.join(root, path.strip("/").replace("/", "_"))
                if path.startswith("/nohead/") and self.command == "HEAD":
                    self.send_response(405); self.send_header("Content-Length", "0"); self.end_headers(); return
                if not os.path.exists(name):
                    self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
                data = open(name, "rb").read()
                self.send_response(200)
                self.send_header("ETag", '"' + open(name + ".etag").read().strip() + '"')
                self.send_header("Content-Length", str(len(data) + (10 if short else 0)))
                self.end_headers()
                if body: self.wfile.write(data)
                if short: self.close_connection = True
            def do_HEAD(self): self.answer(False)
            def do_GET(self): self.answer(True)
            def log_message(self, *args): pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """;

    private readonly Process _process;

    private EtagHttpServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Serves <paramref name="root"/>; a file is published with <see cref="Publish"/>.</summary>
    public static EtagHttpServer Start(Sandbox sandbox, string root)
    {
        string script = sandbox.PathOf("etag-server.py");
        File.WriteAllText(script, Script);
        var process = sandbox.Start("python3", [script, root], sandbox.Root);
        string? line = process.StandardOutput.ReadLine();
        return new EtagHttpServer(process, int.Parse(line ?? throw new InvalidOperationException("the http server did not start"), CultureInfo.InvariantCulture));
    }

    /// <summary>Writes the file served at /<paramref name="urlPath"/> and its ETag.</summary>
    public static void Publish(string root, string urlPath, string content, string etag)
    {
        string name = Path.Combine(root, urlPath.Trim('/').Replace('/', '_'));
        Files.Write(name, content);
        Files.Write(name + ".etag", etag);
    }

    public string Url(string urlPath) => $"http://127.0.0.1:{Port}/{urlPath.TrimStart('/')}";

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
