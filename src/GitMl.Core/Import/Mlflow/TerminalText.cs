using System.Globalization;
using System.Text;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// Text from someone else's files as it may be shown on a terminal: control characters (an escape sequence could
/// move the cursor, retitle the window or hide a line) and the characters that reorder text are written as \uXXXX,
/// so the user sees what is there and the terminal does nothing. The data itself keeps them unchanged.
/// </summary>
public static class TerminalText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (NeedsEscape(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u200e' and <= '\u200f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
