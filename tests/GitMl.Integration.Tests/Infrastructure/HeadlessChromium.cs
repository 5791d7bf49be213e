namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, as a user opens a page: `--dump-dom` prints the DOM it built from a file:// URL.
/// Chromium is a real part of these tests (apt-get install chromium; .ci/run installs it): when it is missing the
/// test fails saying so, it does not pass unseen.
/// </summary>
public static class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string DumpDom(Sandbox sandbox, string htmlFile) => DumpUrl(sandbox, new Uri(htmlFile).AbsoluteUri);

    /// <summary>The DOM of a page at a URL (http:// or file://, with a #fragment), after its scripts ran.</summary>
    public static string DumpUrl(Sandbox sandbox, string url) => Run(sandbox, url, ["--dump-dom"], requireOutput: true);

    /// <summary>Writes a PNG of the page at 1280x720 (the size the UI must work at).</summary>
    public static void Screenshot(Sandbox sandbox, string url, string png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        Run(sandbox, url, [$"--screenshot={png}", "--window-size=1280,720", "--hide-scrollbars"], requireOutput: false);
    }

    private static string Run(Sandbox sandbox, string url, string[] action, bool requireOutput)
    {
        string binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: apt-get install chromium (the browser tests open pages in Debian's chromium)");
        string profile = sandbox.PathOf("chromium-profile");
        using var process = sandbox.Start(binary,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=5000", .. action, url],
            sandbox.Root);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish loading {url} within {Limit.TotalSeconds:0} s");
        }
        string dom = stdout.GetAwaiter().GetResult();
        return dom.Length > 0 || !requireOutput ? dom : throw new InvalidOperationException($"chromium printed no DOM for {url}: {stderr.GetAwaiter().GetResult()}");
    }
}
