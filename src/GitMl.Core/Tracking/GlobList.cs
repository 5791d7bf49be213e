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
    public bool IsMatch(string path) =>
        FoldersAbove(path).Any(folder => Decide(folder, isFolder: true)) || Decide(path, isFolder: false);

    /// <summary>"a/b/c" gives "a" and "a/b": the folders a match can come from, top first.</summary>
    internal static IEnumerable<string> FoldersAbove(string path)
    {
        for (int slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    private bool Decide(string path, bool isFolder)
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
