using System.Globalization;
using System.Text;

namespace GitMl.Core.Registry;

/// <summary>Registry text (paths, users, messages: written by whoever made the registry) as messages show it.</summary>
internal static class RegistryText
{
    /// <summary>
    /// Quoted, control characters shown as \uXXXX (the text may come from someone else's registry and must not drive
    /// the terminal), cut after <paramref name="limit"/> characters.
    /// </summary>
    public static string Quote(string value, int limit = 200)
    {
        var sb = new StringBuilder("'");
        foreach (char c in value.Length > limit ? value[..limit] : value)
        {
            if (char.IsControl(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.Append(value.Length > limit ? "'..." : "'").ToString();
    }
}
