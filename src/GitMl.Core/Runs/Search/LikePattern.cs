namespace GitMl.Core.Runs.Search;

/// <summary>
/// A SQL LIKE pattern, compiled once: '%' matches any run of characters (also none), '_' exactly one, and a
/// backslash makes the next character literal (<c>\%</c>, <c>\_</c>, <c>\\</c>), as in PostgreSQL and MySQL. The
/// whole value must match. Case-sensitive for LIKE; ILIKE compares characters by their invariant upper case.
/// Matching is a linear scan with one backtrack point per '%' (no regular expression, no allocation per value).
/// </summary>
internal sealed class LikePattern
{
    private const char Escape = '\\';

    // One element per pattern position: a literal character, or a wildcard.
    private readonly char[] _chars;
    private readonly Wildcard[] _kinds;
    private readonly bool _ignoreCase;

    private LikePattern(char[] chars, Wildcard[] kinds, bool ignoreCase)
    {
        _chars = chars;
        _kinds = kinds;
        _ignoreCase = ignoreCase;
    }

    private enum Wildcard : byte
    {
        None,
        One,
        Any,
    }

    /// <summary>The compiled pattern; null when it ends with a lone escape character (which escapes nothing).</summary>
    public static LikePattern? TryCompile(string pattern, bool ignoreCase)
    {
        var chars = new List<char>(pattern.Length);
        var kinds = new List<Wildcard>(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == Escape)
            {
                if (++i == pattern.Length)
                {
                    return null;
                }
                chars.Add(Fold(pattern[i], ignoreCase));
                kinds.Add(Wildcard.None);
                continue;
            }
            if (c == '%' && kinds.Count > 0 && kinds[^1] == Wildcard.Any)
            {
                continue; // "%%" is "%"
            }
            chars.Add(Fold(c, ignoreCase));
            kinds.Add(c switch { '%' => Wildcard.Any, '_' => Wildcard.One, _ => Wildcard.None });
        }
        return new LikePattern([.. chars], [.. kinds], ignoreCase);
    }

    public bool IsMatch(string value)
    {
        int v = 0, p = 0;
        int anyAt = -1, resumeAt = 0; // the last '%' seen, and where in value its match currently ends
        while (v < value.Length)
        {
            if (p < _kinds.Length && _kinds[p] == Wildcard.Any)
            {
                anyAt = p++;
                resumeAt = v;
            }
            else if (p < _kinds.Length && (_kinds[p] == Wildcard.One || _chars[p] == Fold(value[v], _ignoreCase)))
            {
                p++;
                v++;
            }
            else if (anyAt >= 0)
            {
                p = anyAt + 1; // let the last '%' take one more character
                v = ++resumeAt;
            }
            else
            {
                return false;
            }
        }
        while (p < _kinds.Length && _kinds[p] == Wildcard.Any)
        {
            p++;
        }
        return p == _kinds.Length;
    }

    private static char Fold(char c, bool ignoreCase) => ignoreCase ? char.ToUpperInvariant(c) : c;
}
