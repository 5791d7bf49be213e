namespace GitMl.Core.Remotes;

/// <summary>
/// Reads where an Azure storage connection string sends blob requests, the way the SDK does, without the SDK (Core
/// references none): BlobEndpoint; else DefaultEndpointsProtocol://AccountName.blob.EndpointSuffix; or Azurite's
/// well-known address for UseDevelopmentStorage=true. Never keeps or shows the secrets it holds.
/// </summary>
public static class AzureConnectionString
{
    /// <summary>The development storage emulator (Azurite) the SDK uses for UseDevelopmentStorage=true.</summary>
    public const string DevelopmentBlobEndpoint = "http://127.0.0.1:10000/devstoreaccount1";

    /// <summary>The blob endpoint the connection string names, or null when it names none (the SDK then reports it malformed).</summary>
    public static string? BlobEndpoint(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
            }
        }
        if (parts.TryGetValue("UseDevelopmentStorage", out string? development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return parts.TryGetValue("DevelopmentStorageProxyUri", out string? proxy) ? proxy.TrimEnd('/') + ":10000/devstoreaccount1" : DevelopmentBlobEndpoint;
        }
        if (parts.TryGetValue("BlobEndpoint", out string? endpoint))
        {
            return endpoint;
        }
        if (parts.TryGetValue("AccountName", out string? account))
        {
            string protocol = parts.TryGetValue("DefaultEndpointsProtocol", out string? p) ? p : "https";
            string suffix = parts.TryGetValue("EndpointSuffix", out string? s) ? s : "core.windows.net";
            return $"{protocol}://{account}.blob.{suffix}";
        }
        return null;
    }
}
