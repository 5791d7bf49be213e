using System.Text;

namespace GitMl.Core.Tracking;

/// <summary>
/// Turning paths into .gitattributes patterns and back. Patterns with spaces or quotes are written C-quoted
/// (git reads quoted patterns); a literal file path has its glob characters escaped so it matches only itself.
/// </summary>
public static class AttributePattern
{
    /// <summary>A pattern that matches exactly this path (relative to the top of the working tree).</summary>
    public static string ForLiteralPath(string path)
    {
        var sb = new StringBuilder("/");
        foreach (char c in path.Replace('\\', '/'))
        {
            if (c is '*' or '?' or '[' or ']' or '\\' or '!' or '#')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The pattern as it must appear in a .gitattributes line.</summary>
    public static string Quote(string pattern)
    {
        if (!pattern.Any(c => c is ' ' or '\t' or '"') && !pattern.StartsWith('#'))
        {
            return pattern;
        }
        var sb = new StringBuilder("\"");
        foreach (char c in pattern)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Splits a .gitattributes line into its pattern and attributes; null for blank and comment lines.</summary>
    public static (string Pattern, string[] Attributes)? Split(string line)
    {
        string trimmed = line.TrimStart(' ', '\t');
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return null;
        }
        string pattern;
        string rest;
        if (trimmed[0] == '"')
        {
            var sb = new StringBuilder();
            int i = 1;
            for (; i < trimmed.Length && trimmed[i] != '"'; i++)
            {
                if (trimmed[i] == '\\' && i + 1 < trimmed.Length)
                {
                    i++;
                    sb.Append(trimmed[i] switch { 't' => '\t', 'n' => '\n', _ => trimmed[i] });
                }
                else
                {
                    sb.Append(trimmed[i]);
                }
            }
            pattern = sb.ToString();
            rest = i < trimmed.Length ? trimmed[(i + 1)..] : "";
        }
        else
        {
            int end = trimmed.IndexOfAny([' ', '\t', '\r']);
            pattern = end < 0 ? trimmed : trimmed[..end];
            rest = end < 0 ? "" : trimmed[end..];
        }
        return (pattern, rest.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }
}
