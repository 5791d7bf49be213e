using System.Text;

namespace GitMl.Core.Tracking;

/// <summary>
/// Patterns read as the lines of one top-level .gitignore: the last pattern matching a path decides ('!' takes it
/// back), and a path inside a matched folder is matched whatever later patterns say of the path itself (git cannot
/// re-include a file whose folder is excluded, and neither does this).
/// </summary>
public sealed class GlobList
{
    private readonly IReadOnlyList<GlobPattern> _patterns;

    public GlobList(IEnumerable<GlobPattern> patterns) => _patterns = [.. patterns];

    public GlobList(IEnumerable<string> patterns)
        : this(patterns.Where(p => p.Length > 0).Select(p => new GlobPattern(p)))
    {
    }

    public bool IsEmpty => _patterns.Count == 0;

    /// <summary>Whether the file at <paramref name="path"/> (slash-separated, relative to the top) is matched.</summary>
    public bool IsMatch(string path) => Walk(path, Decide);

    internal delegate bool Matcher(ReadOnlySpan<byte> path, bool isFolder);

    /// <summary>
    /// Asks <paramref name="matches"/> of each folder above the path, top first ("a", "a/b" for "a/b/c"), then of the
    /// path itself; true at the first yes. The path is encoded to UTF-8 once: every prefix is a slice of it.
    /// </summary>
    internal static bool Walk(string path, Matcher matches)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path);
        for (int slash = Array.IndexOf(bytes, (byte)'/'); slash > 0; slash = Array.IndexOf(bytes, (byte)'/', slash + 1))
        {
            if (matches(bytes.AsSpan(0, slash), isFolder: true))
            {
                return true;
            }
        }
        return matches(bytes, isFolder: false);
    }

    private bool Decide(ReadOnlySpan<byte> path, bool isFolder)
    {
        for (int i = _patterns.Count - 1; i >= 0; i--)
        {
            if (_patterns[i].MatchesItself(path, isFolder))
            {
                return !_patterns[i].Negated;
            }
        }
        return false;
    }
}
