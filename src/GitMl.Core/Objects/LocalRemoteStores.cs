using GitMl.Git;

namespace GitMl.Core.Objects;

/// <summary>
/// Finds the git-ml stores of this repository's git remotes that are paths on this machine: a clone of a local
/// repository gets its content from there with no further setup, as git itself does for objects.
/// </summary>
public static class LocalRemoteStores
{
    public static List<IObjectSource> Find(GitConfig config, string repositoryDirectory)
    {
        var sources = new List<IObjectSource>();
        foreach (string key in config.Keys.Where(k => k.StartsWith("remote.", StringComparison.Ordinal) && k.EndsWith(".url", StringComparison.Ordinal)))
        {
            foreach (string url in config.GetAll(key))
            {
                if (StoreOfLocalRepository(url, repositoryDirectory) is { } root)
                {
                    sources.Add(new LocalStoreSource(new ObjectStore(root)));
                }
            }
        }
        return sources;
    }

    private static string? StoreOfLocalRepository(string url, string repositoryDirectory)
    {
        string? path = url.StartsWith("file://", StringComparison.Ordinal) ? Uri.UnescapeDataString(url["file://".Length..])
            : url.Contains("://", StringComparison.Ordinal) || IsScpLike(url) ? null
            : url;
        if (path is null)
        {
            return null;
        }
        string full = Path.GetFullPath(path, repositoryDirectory);
        foreach (string candidate in new[] { Path.Combine(full, ".git", "ml"), Path.Combine(full, "ml") })
        {
            if (Directory.Exists(Path.Combine(candidate, "objects")))
            {
                return candidate;
            }
        }
        return null;
    }

    // git treats "host:path" (with no slash before the colon) as ssh.
    private static bool IsScpLike(string url)
    {
        int colon = url.IndexOf(':', StringComparison.Ordinal);
        int slash = url.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
