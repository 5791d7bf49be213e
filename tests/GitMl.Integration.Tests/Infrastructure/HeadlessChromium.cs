namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, as a user opens a page: `--dump-dom` prints the DOM it built from a file:// URL.
/// Chromium is a real part of these tests (apt-get install chromium; .ci/run installs it): when it is missing the
/// test fails saying so, it does not pass unseen.
/// </summary>
public static class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string DumpDom(Sandbox sandbox, string htmlFile)
    {
        string binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: apt-get install chromium (the browser tests open pages in Debian's chromium)");
        string profile = sandbox.PathOf("chromium-profile");
        using var process = sandbox.Start(binary,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", new Uri(htmlFile).AbsoluteUri],
            sandbox.Root);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish loading {htmlFile} within {Limit.TotalSeconds:0} s");
        }
        string dom = stdout.GetAwaiter().GetResult();
        return dom.Length > 0 ? dom : throw new InvalidOperationException($"chromium printed no DOM for {htmlFile}: {stderr.GetAwaiter().GetResult()}");
    }
}
