using System.Diagnostics;
using System.Reflection;

namespace GitMl.TestServers;

/// <summary>
/// The npm packages of the test storage servers (tests/servers, pinned by its package-lock.json). When node_modules
/// is missing, runs tests/servers/install.sh once per process, so `dotnet test` works on a fresh machine that has npm.
/// </summary>
internal static class ServerPackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool s_installed;

    /// <summary>tests/servers in the source tree this assembly was built from (recorded at build time).</summary>
    public static string Directory { get; } = FindServersDirectory();

    /// <summary>The JavaScript file an npm package's bin entry (node_modules/.bin/NAME) points to.</summary>
    public static async Task<string> ScriptAsync(string binName)
    {
        await EnsureInstalledAsync();
        var link = Path.Combine(Directory, "node_modules", ".bin", binName);
        var target = File.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName ?? link;
        return File.Exists(target)
            ? target
            : throw new InvalidOperationException($"{link} is missing after tests/servers/install.sh ran; delete tests/servers/node_modules and try again.");
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (s_installed)
            {
                return;
            }

            var install = Path.Combine(Directory, "install.sh");
            var start = new ProcessStartInfo("bash", [install]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash to run " + install);
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"The test storage servers (s3rver, Azurite) are not installed and {install} failed (exit {process.ExitCode}). "
                    + $"Run it by hand to see why; it needs node and npm.\n{await output}{await errors}");
            }

            s_installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string FindServersDirectory()
    {
        var recorded = typeof(ServerPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ServerPackagesDirectory").Value!;
        return File.Exists(Path.Combine(recorded, "package.json"))
            ? recorded
            : throw new InvalidOperationException($"{recorded}/package.json is missing: the test servers' npm packages are declared there.");
    }
}
