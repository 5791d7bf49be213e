using System.Text.RegularExpressions;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Paths as pipelines compare them: forward slashes, no "." segments, ".." folded where it can be, no trailing "/",
/// relative to the top of the working tree. URLs (s3://..., https://...) are left as written. Comparisons are
/// ordinal: Git is case-sensitive, and so is git-ml.
/// </summary>
public static partial class PipelinePaths
{
    /// <summary>Normalises one path: "./data//raw/" becomes "data/raw", "a/../b" becomes "b", "." and "" become ".".</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsNormalRelative(path) || Url().IsMatch(path))
        {
            return path;
        }
        string slashed = path.Replace('\\', '/');
        bool absolute = slashed.StartsWith('/');
        var parts = new List<string>();
        foreach (string part in slashed.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !absolute)
            {
                parts.Add(part);
            }
        }
        string joined = string.Join('/', parts);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>Joins paths (each relative to the one before; an absolute path or URL starts over) and normalises the result.</summary>
    public static string Join(params ReadOnlySpan<string> parts)
    {
        // Most joins are a pipeline folder or wdir of "." and a path already in normal form: that path is the answer,
        // with no string made (these run for every path of every stage, on every repro and status).
        string? only = null;
        bool simple = true;
        foreach (string part in parts)
        {
            if (part == ".")
            {
                continue;
            }
            // A path in normal form has no empty segment, so no "://": it is never a URL.
            simple &= only is null && IsNormalRelative(part);
            only = part;
        }
        if (simple)
        {
            return only ?? ".";
        }
        string result = ".";
        foreach (string part in parts)
        {
            if (Url().IsMatch(part))
            {
                return part;
            }
            result = part.StartsWith('/') || part.StartsWith('\\') ? part : result + "/" + part;
        }
        return Normalize(result);
    }

    /// <summary>
    /// Whether <paramref name="path"/> is already what <see cref="Normalize"/> makes of a relative path: not empty, no
    /// backslash, not absolute, and no empty, "." or ".." segment (so no leading, trailing or double slash).
    /// </summary>
    private static bool IsNormalRelative(string path)
    {
        if (path.Length == 0 || path.Contains('\\'))
        {
            return false;
        }
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan(range);
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The folder of a normalised path ("." for a file at the top).</summary>
    public static string Directory(string path)
    {
        string normalized = Normalize(path);
        int slash = normalized.LastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : normalized[..slash];
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it (both normalised).</summary>
    public static bool IsSameOrInside(string path, string folder) =>
        folder == "." || path == folder || (path.StartsWith(folder, StringComparison.Ordinal) && path.Length > folder.Length && path[folder.Length] == '/')
        || (folder == "/" && path.StartsWith('/'));

    /// <summary>True when one path is the other or inside it: a dependency on either connects to the output.</summary>
    public static bool Overlap(string a, string b) => IsSameOrInside(a, b) || IsSameOrInside(b, a);

    /// <summary>
    /// <paramref name="path"/> as seen from <paramref name="folder"/>, both relative to the same place: "params.yaml"
    /// from "sub" is "../params.yaml". Null when the folder climbs out of that place ("..", "../x"): from there the
    /// way back is not known.
    /// </summary>
    public static string? Relative(string path, string folder)
    {
        var from = Normalize(folder) is "." ? [] : Normalize(folder).Split('/');
        var to = Normalize(path) is "." ? [] : Normalize(path).Split('/');
        if (from.Contains("..") || path.StartsWith('/') || folder.StartsWith('/'))
        {
            return null;
        }
        int common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common])
        {
            common++;
        }
        return Join([.. Enumerable.Repeat("..", from.Length - common), .. to[common..]]);
    }

    /// <summary>Whether a path as written is a URL (scheme://...), which pipelines keep as written.</summary>
    public static bool IsUrl(string path) => Url().IsMatch(path);

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex Url();
}
