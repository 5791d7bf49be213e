using System.Net;
using System.Text.RegularExpressions;

namespace GitMl.Core.Remotes;

/// <summary>What kind of place a data remote's requests go to.</summary>
public enum EndpointKind
{
    /// <summary>A directory on this machine: no credentials are involved.</summary>
    Directory,

    /// <summary>
    /// A network path (\\host\share, //host/share): opening it can make the operating system sign in to that host
    /// with this user's account.
    /// </summary>
    NetworkPath,

    /// <summary>The storage provider's own service: Amazon S3's endpoints, or an account's *.blob.core.windows.net.</summary>
    Provider,

    /// <summary>Any other server (an S3-compatible server, Azurite, a proxy): whoever runs it sees what is sent.</summary>
    Custom,
}

/// <summary>
/// Where a data remote's requests go, in one canonical spelling (so an approval and a credential's binding compare
/// as plain strings), what kind of place that is, and which setting named it with whose hand.
/// </summary>
/// <param name="Address">scheme://host[:port][/path] in lower case without a trailing slash, or a directory's full path.</param>
/// <param name="Setting">The option (or environment variable) that named it, for messages.</param>
public sealed partial record RemoteEndpoint(string Address, EndpointKind Kind, SettingOrigin Origin, string Setting)
{
    /// <summary>Amazon S3 itself, when no endpoint is configured: the SDK picks the bucket's regional endpoint.</summary>
    public const string AmazonS3 = "https://s3.amazonaws.com";

    /// <summary>
    /// Whether this user must approve the endpoint before their credentials go there: it was named by a committed
    /// file and is neither the provider's own service nor a plain local directory.
    /// </summary>
    public bool NeedsApproval => Origin == SettingOrigin.Committed && Kind is EndpointKind.Custom or EndpointKind.NetworkPath;

    /// <summary>Plain http to a host that is not this machine: credentials and data would cross the network unencrypted.</summary>
    public bool IsPlainHttpOffMachine =>
        Address.StartsWith("http://", StringComparison.Ordinal) && !IsLoopback(new Uri(Address).Host);

    public override string ToString() => Address;

    /// <summary>
    /// The endpoint an http(s) URL names, classified. Refuses (ArgumentException naming <paramref name="setting"/>)
    /// anything that is not a plain server address: another scheme, user info, a query or a fragment.
    /// </summary>
    public static RemoteEndpoint FromUrl(string url, SettingOrigin origin, string setting, Func<Uri, bool> isProvider)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"{setting} '{url}' is not the http(s) address of a server: give it as https://host[:port]");
        }
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"{setting} must be a plain server address (https://host[:port][/path]), without a user name, query or fragment");
        }
        string port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string address = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath.TrimEnd('/')}";
        return new RemoteEndpoint(address, isProvider(uri) ? EndpointKind.Provider : EndpointKind.Custom, origin, setting);
    }

    /// <summary>Amazon S3's own service endpoints: s3.amazonaws.com and its regional, dual-stack and FIPS forms (and China's .com.cn).</summary>
    public static bool IsAmazonS3(Uri uri) => uri.AbsolutePath is "/" or "" && AmazonS3Host().IsMatch(uri.Host);

    /// <summary>An Azure storage account's blob service: ACCOUNT.blob.core.windows.net.</summary>
    public static bool IsAzureBlob(Uri uri) => uri.AbsolutePath is "/" or "" && AzureBlobHost().IsMatch(uri.Host);

    /// <summary>Whether a bucket name can only ever make the SDK address Amazon S3 (it becomes part of a host name).</summary>
    public static bool IsBucketName(string bucket) => BucketName().IsMatch(bucket);

    /// <summary>Whether a region name keeps the SDK's endpoint inside amazonaws.com (it becomes part of a host name).</summary>
    public static bool IsRegionName(string region) => RegionName().IsMatch(region);

    /// <summary>Whether an Azure storage account name is one (3 to 24 lower-case letters and digits).</summary>
    public static bool IsAccountName(string account) => AccountName().IsMatch(account);

    /// <summary>localhost and the loopback addresses: traffic that never leaves this machine.</summary>
    public static bool IsLoopback(string host)
    {
        string bare = host.Trim('[', ']');
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>\\host\share or //host/share as written: a path that reaches another machine.</summary>
    public static bool IsNetworkPath(string path) =>
        path.Length > 2 && (path[0] is '\\' or '/') && (path[1] is '\\' or '/') && path[2] is not ('\\' or '/');

    [GeneratedRegex(@"^s3(?:-fips)?(?:\.dualstack)?(?:[.-][a-z]{2}(?:-[a-z]+)+-[0-9]+)?\.amazonaws\.com(?:\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmazonS3Host();

    [GeneratedRegex(@"^[a-z0-9]{3,24}\.blob\.core\.windows\.net$", RegexOptions.CultureInvariant)]
    private static partial Regex AzureBlobHost();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^[a-z]{2}(?:-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();
}
