using System.Text;

namespace GitMl.Core.Tracking;

/// <summary>
/// One path pattern in gitignore syntax, matched as git matches it (<see cref="Wildmatch"/>) against
/// slash-separated paths relative to the top of the working tree. A pattern without a slash (other than a trailing
/// one) matches a name at any depth; a pattern with one is anchored at the top ("/x" and "a/b"). A trailing slash
/// matches folders only. A leading '!' negates: in a <see cref="GlobList"/> it takes back what an earlier pattern
/// matched. "\!" and "\#" are the literal characters.
/// </summary>
public sealed class GlobPattern
{
    private readonly byte[] _body;
    private readonly bool _anchored;
    private readonly bool _folderOnly;

    public GlobPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        string body = pattern;
        Negated = body.StartsWith('!');
        if (Negated)
        {
            body = body[1..];
        }
        _folderOnly = body.EndsWith('/');
        if (_folderOnly)
        {
            body = body[..^1];
        }
        _anchored = body.Contains('/', StringComparison.Ordinal);
        _body = Encoding.UTF8.GetBytes(body.StartsWith('/') ? body[1..] : body);
    }

    public string Pattern { get; }

    /// <summary>A '!' pattern: what it matches is taken back out of a list.</summary>
    public bool Negated { get; }

    /// <summary>
    /// Whether the path, or a folder above it, matches (negation aside): what git would ignore if this were the only
    /// line of a top-level .gitignore and the path a file.
    /// </summary>
    public bool IsMatch(string path) => GlobList.Walk(path, (subject, isFolder) => MatchesItself(subject, isFolder));

    /// <summary>
    /// Whether this one path (its UTF-8 bytes) matches, not its parents; <paramref name="isFolder"/> says what the
    /// path is.
    /// </summary>
    internal bool MatchesItself(ReadOnlySpan<byte> path, bool isFolder)
    {
        if ((_folderOnly && !isFolder) || _body.Length == 0)
        {
            return false;
        }
        return Wildmatch.IsMatch(_body, _anchored ? path : path[(path.LastIndexOf((byte)'/') + 1)..]);
    }

    public override string ToString() => Pattern;
}
