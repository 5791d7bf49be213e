namespace GitMl.Core.Remotes;

/// <summary>Which kind of storage a data remote is.</summary>
public enum RemoteKind
{
    /// <summary>A directory on this machine (another disk, a network mount).</summary>
    Directory,

    /// <summary>Amazon S3 or an S3-compatible server.</summary>
    S3,

    /// <summary>Azure Blob Storage.</summary>
    Azure,
}

/// <summary>
/// Where a data remote is: <c>s3://bucket/prefix</c>, <c>azure://container/prefix</c>, <c>file:///path</c> or a plain
/// path (relative paths are relative to the top of the working tree). Parse and ToString round-trip.
/// </summary>
public sealed record RemoteUrl(RemoteKind Kind, string Location, string Prefix)
{
    /// <summary>Bucket (S3), container (Azure) or absolute directory path.</summary>
    public string Location { get; } = Location;

    /// <summary>Key prefix inside the bucket or container, without leading or trailing slash ("" for none).</summary>
    public string Prefix { get; } = Prefix;

    public static RemoteUrl Parse(string url, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (TryCloud(url, "s3://", RemoteKind.S3) is { } s3)
        {
            return s3;
        }
        if (TryCloud(url, "azure://", RemoteKind.Azure) is { } azure)
        {
            return azure;
        }
        if (url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("file://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{url}' is not a data remote URL git-ml knows: use s3://bucket/prefix, azure://container/prefix or a directory path");
        }
        string path = url.StartsWith("file://", StringComparison.Ordinal) ? Uri.UnescapeDataString(url["file://".Length..]) : url;
        return new RemoteUrl(RemoteKind.Directory, Path.GetFullPath(path, baseDirectory), "");
    }

    public override string ToString() => Kind switch
    {
        RemoteKind.S3 => $"s3://{Location}" + (Prefix.Length > 0 ? "/" + Prefix : ""),
        RemoteKind.Azure => $"azure://{Location}" + (Prefix.Length > 0 ? "/" + Prefix : ""),
        _ => Location,
    };

    private static RemoteUrl? TryCloud(string url, string scheme, RemoteKind kind)
    {
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string rest = url[scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string location = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (location.Length == 0)
        {
            throw new ArgumentException($"'{url}' names no {(kind == RemoteKind.S3 ? "bucket" : "container")}: use {scheme}NAME/optional/prefix");
        }
        if (prefix.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"'{url}': a prefix cannot contain '.' or '..' segments");
        }
        return new RemoteUrl(kind, location, prefix);
    }
}
