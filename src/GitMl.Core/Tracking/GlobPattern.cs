using System.Text;
using System.Text.RegularExpressions;

namespace GitMl.Core.Tracking;

/// <summary>
/// A path pattern in gitignore syntax, matched against slash-separated paths relative to the top of the working
/// tree: '*' and '?' stay within one path segment, '**' spans segments, '[...]' is a character class, '\'
/// escapes. A pattern without a slash (other than a trailing one) matches the name at any depth; a pattern with
/// one is anchored at the top. A trailing slash means "this directory and everything in it".
/// </summary>
public sealed class GlobPattern
{
    private readonly Regex _regex;

    public GlobPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public bool IsMatch(string path) => _regex.IsMatch(path);

    public override string ToString() => Pattern;

    private static string ToRegex(string pattern)
    {
        bool directory = pattern.EndsWith('/');
        string body = pattern.TrimEnd('/');
        bool anchored = body.Contains('/', StringComparison.Ordinal);
        body = body.TrimStart('/');

        var rx = new StringBuilder("^");
        if (!anchored)
        {
            rx.Append("(?:.*/)?");
        }
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            switch (c)
            {
                case '*' when At(body, i + 1) == '*':
                    bool leadingSlash = i == 0 || body[i - 1] == '/';
                    bool trailingSlash = At(body, i + 2) == '/';
                    if (leadingSlash && trailingSlash)
                    {
                        rx.Append("(?:.*/)?"); // "**/": zero or more directories
                        i += 2;
                    }
                    else
                    {
                        rx.Append(".*");
                        i += 1;
                    }
                    break;
                case '*':
                    rx.Append("[^/]*");
                    break;
                case '?':
                    rx.Append("[^/]");
                    break;
                case '[':
                    i = AppendClass(body, i, rx);
                    break;
                case '\\' when i + 1 < body.Length:
                    rx.Append(Regex.Escape(body[++i].ToString()));
                    break;
                default:
                    rx.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        // A match on a directory covers everything in it.
        rx.Append(directory ? "/.*$" : "(?:/.*)?$");
        return rx.ToString();
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int AppendClass(string body, int start, StringBuilder rx)
    {
        int end = body.IndexOf(']', start + 2);
        if (end < 0)
        {
            rx.Append("\\[");
            return start;
        }
        string inner = body[(start + 1)..end];
        bool negate = inner.StartsWith('!') || inner.StartsWith('^');
        if (negate)
        {
            inner = inner[1..];
        }
        rx.Append('[').Append(negate ? "^/" : "").Append(inner.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
        return end;
    }
}
