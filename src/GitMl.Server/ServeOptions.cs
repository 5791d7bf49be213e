using System.Net;

namespace GitMl.Server;

/// <summary>
/// How `git ml serve` listens. Safe by default: loopback only; any other address needs a bearer <see cref="Token"/>
/// or the explicit statement that a proxy in front authenticates (<see cref="ProxyAuthenticates"/>).
/// </summary>
/// <param name="MaxRequestBytes">The largest API request body (JSON); setting ml.serve.maxRequestSize.</param>
/// <param name="MaxArtifactBytes">The largest artifact upload; setting ml.serve.maxArtifactSize.</param>
public sealed record ServeOptions(
    string Host,
    int Port,
    string? Token,
    bool ProxyAuthenticates,
    long MaxRequestBytes,
    long MaxArtifactBytes,
    string GitMlVersion)
{
    public const int DefaultPort = 5000;
    public const string DefaultHost = "127.0.0.1";
    public const long DefaultMaxRequestBytes = Core.Settings.MlSettings.DefaultServeMaxRequestSize;
    public const long DefaultMaxArtifactBytes = Core.Settings.MlSettings.DefaultServeMaxArtifactSize;

    /// <summary>The address to bind: an IP literal, or localhost (the IPv4 loopback).</summary>
    /// <exception cref="ArgumentException">Not an IP address or localhost.</exception>
    public IPAddress Address => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        ? IPAddress.Loopback
        : IPAddress.TryParse(Host.Trim('[', ']'), out var address)
            ? address
            : throw new ArgumentException($"--host '{Host}' is not an IP address: give one (127.0.0.1, ::1, 0.0.0.0) or localhost");

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>Refuses what is unsafe: a non-loopback address with neither a token nor a proxy that authenticates.</summary>
    /// <exception cref="ArgumentException">The options are unsafe or malformed; the message says what to add.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port {Port} is not a TCP port (0 to 65535)");
        }
        if (Token is { Length: < 16 })
        {
            throw new ArgumentException("the token must be at least 16 characters: generate one, e.g. with `openssl rand -hex 24`");
        }
        if (!IsLoopback && Token is null && !ProxyAuthenticates)
        {
            throw new ArgumentException(
                $"--host {Host} lets other machines reach this server, which can read and write the repository's runs, models and store: " +
                "give a bearer token (--token, or GIT_ML_SERVE_TOKEN) that clients send as MLFLOW_TRACKING_TOKEN, " +
                "or --behind-auth-proxy if a proxy in front of it authenticates every request");
        }
    }
}
