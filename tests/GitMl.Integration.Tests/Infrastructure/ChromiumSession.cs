using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven as a user drives it: keys pressed, scripts evaluated, screenshots taken, over
/// the DevTools protocol (a WebSocket on loopback) with nothing but the .NET runtime: no npm package, no downloaded
/// browser. `--dump-dom` (<see cref="HeadlessChromium"/>) shows a page as it loads; this is for what happens after.
/// </summary>
public sealed class ChromiumSession : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly Process _browser;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private ChromiumSession(Process browser) => _browser = browser;

    /// <summary>Opens the URL in a fresh headless chromium with a window of the given size.</summary>
    public static ChromiumSession Open(Sandbox sandbox, string url, int width = 1280, int height = 720)
    {
        string binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: apt-get install chromium (the browser tests open pages in Debian's chromium)");
        string profile = sandbox.PathOf($"chromium-session-{Guid.NewGuid():N}");
        var browser = sandbox.Start(binary,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", "--remote-debugging-port=0",
             "--remote-allow-origins=*", $"--window-size={width},{height}", "--hide-scrollbars", "about:blank"],
            sandbox.Root);
        browser.StandardInput.Close();
        _ = browser.StandardOutput.ReadToEndAsync();
        var session = new ChromiumSession(browser);
        try
        {
            string browserSocket = session.WaitForDevToolsAddress();
            var port = new Uri(browserSocket).Port;
            using var http = new HttpClient { Timeout = Limit };
            var pages = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/json/list").GetAwaiter().GetResult())!.AsArray();
            string pageSocket = (string)pages.First(p => (string?)p!["type"] == "page")!["webSocketDebuggerUrl"]!;
            session._socket.ConnectAsync(new Uri(pageSocket), CancellationToken.None).Wait(Limit);
            session.Call("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            session.Navigate(url);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Loads a URL and waits until the UI says it rendered (body[data-ready]).</summary>
    public void Navigate(string url)
    {
        Call("Page.navigate", new JsonObject { ["url"] = url });
        WaitUntil("document.readyState === 'complete' && document.body && document.body.dataset.ready !== undefined");
    }

    /// <summary>The value of a JavaScript expression (awaited when it is a promise), as JSON.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Call("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } error)
        {
            throw new InvalidOperationException($"the page failed to evaluate {expression}: {error.ToJsonString()}");
        }
        return result["result"]?["value"]?.DeepClone();
    }

    public string? Text(string expression) => Evaluate(expression)?.GetValue<string>();

    /// <summary>Polls until the expression is truthy; fails saying which expression never became true.</summary>
    public void WaitUntil(string expression)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            if (Evaluate($"Boolean({expression})")?.GetValue<bool>() == true)
            {
                return;
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"the page never satisfied {expression} within {Limit.TotalSeconds:0} s");
    }

    /// <summary>Presses and releases a key (as KeyboardEvent.key names it: ArrowDown, Enter, End, " ", "x") in the focused element.</summary>
    public void Press(string key)
    {
        (string Code, int KeyCode, string? Text) info = key switch
        {
            "ArrowDown" => ("ArrowDown", 40, null),
            "ArrowUp" => ("ArrowUp", 38, null),
            "PageDown" => ("PageDown", 34, null),
            "PageUp" => ("PageUp", 33, null),
            "Home" => ("Home", 36, null),
            "End" => ("End", 35, null),
            "Enter" => ("Enter", 13, "\r"),
            " " => ("Space", 32, " "),
            _ when key.Length == 1 => ("Key" + key.ToUpperInvariant(), (int)char.ToUpperInvariant(key[0]), key),
            _ => throw new ArgumentException($"no key code for {key}"),
        };
        var (code, keyCode, text) = info;
        var down = new JsonObject { ["type"] = text is null ? "rawKeyDown" : "keyDown", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode };
        if (text is not null)
        {
            down["text"] = text;
        }
        Call("Input.dispatchKeyEvent", down);
        Call("Input.dispatchKeyEvent", new JsonObject { ["type"] = "keyUp", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode });
    }

    public void Screenshot(string png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        var shot = Call("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        File.WriteAllBytes(png, Convert.FromBase64String((string)shot["data"]!));
    }

    private string WaitForDevToolsAddress()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            var line = _browser.StandardError.ReadLineAsync();
            if (!line.Wait(Limit - clock.Elapsed) || line.Result is null)
            {
                break;
            }
            const string Marker = "DevTools listening on ";
            int at = line.Result.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = _browser.StandardError.ReadToEndAsync();
                return line.Result[(at + Marker.Length)..].Trim();
            }
        }
        throw new InvalidOperationException("chromium did not say where its DevTools protocol listens");
    }

    /// <summary>One DevTools command and its result; events that arrive meanwhile are skipped.</summary>
    private JsonNode Call(string method, JsonObject parameters)
    {
        int id = ++_nextId;
        byte[] request = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        using var timeout = new CancellationTokenSource(Limit);
        _socket.SendAsync(request, WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = _socket.ReceiveAsync(buffer, timeout.Token).GetAwaiter().GetResult();
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException($"chromium closed the DevTools connection during {method}");
                }
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            var answer = JsonNode.Parse(message.ToArray())!;
            if ((int?)answer["id"] != id)
            {
                continue;
            }
            if (answer["error"] is { } error)
            {
                throw new InvalidOperationException($"chromium refused {method}: {error.ToJsonString()}");
            }
            return answer["result"]!;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            _browser.Kill(entireProcessTree: true);
            _browser.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        _browser.Dispose();
    }
}
