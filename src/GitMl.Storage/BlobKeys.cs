namespace GitMl.Storage;

/// <summary>
/// The shape every backend accepts for keys and listing prefixes, so that a key valid in one store is valid in all:
/// a relative path of non-empty segments separated by '/', with no '.' or '..' segment and no backslash. git-ml's
/// own keys (<c>ab/cd/&lt;sha256&gt;</c>) always pass; the rules exist so that a caller's mistake cannot reach outside
/// a local store's folder or create keys that mean different objects on different backends.
/// </summary>
public static class BlobKeys
{
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key.</exception>
    public static void ThrowIfInvalid(string key, string paramName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (Problem(key, lastSegmentMayBePartial: false) is { } problem)
        {
            throw new ArgumentException(
                $"'{key}' is not a valid object key: {problem}. A key is a relative path of non-empty segments separated by '/'.",
                paramName);
        }
    }

    /// <summary>A listing prefix is "" or the start of a key: its last segment may be partial or empty ("ab/", "ab/c").</summary>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> cannot start a valid key.</exception>
    public static void ThrowIfInvalidPrefix(string prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        if (prefix.Length > 0 && Problem(prefix, lastSegmentMayBePartial: true) is { } problem)
        {
            throw new ArgumentException(
                $"'{prefix}' is not a valid key prefix: {problem}. A prefix is the start of a relative path of non-empty segments separated by '/'.",
                paramName);
        }
    }

    private static string? Problem(string path, bool lastSegmentMayBePartial)
    {
        if (path.Length == 0)
        {
            return "it is empty";
        }
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains a backslash";
        }
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains a NUL character";
        }
        if (path[0] == '/')
        {
            return "it is absolute (starts with '/')";
        }
        string[] segments = path.Split('/');
        int checkedSegments = lastSegmentMayBePartial ? segments.Length - 1 : segments.Length;
        for (int i = 0; i < checkedSegments; i++)
        {
            switch (segments[i])
            {
                case "":
                    return "it has an empty segment ('//' or a trailing '/')";
                case "." or "..":
                    return $"it has a '{segments[i]}' segment";
            }
        }
        return null;
    }
}
