using System.Buffers;
using System.Globalization;
using System.Text;

namespace GitMl.Core.IO;

/// <summary>
/// Text from a repository or from someone else's files (run names, params, tags, users, messages, paths, model names),
/// made safe to show on a terminal: a character a terminal would act on, or that hides or reorders what is shown, is
/// written as a visible escape instead. ESC starts the sequences that retitle a window, clear the screen or rewrite what
/// was shown; C1 controls (U+0080 to U+009F, such as U+009B, the one-character CSI) do the same on many terminals; CR,
/// backspace and DEL overwrite text already shown; the bidirectional marks, embeddings, overrides and isolates
/// (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) reorder a line so it reads as something else ("Trojan Source",
/// CVE-2021-42574); U+2028 and U+2029 break lines where nothing seems to.
/// <list type="bullet">
/// <item>each such character as <c>\u001b</c>, <c>\u202e</c> (four lowercase hex digits), but CR as <c>\r</c>;</item>
/// <item>tab and newline kept by <see cref="EscapeLines"/> (text that may span lines), and written as <c>\t</c> and
/// <c>\n</c> by <see cref="Escape"/> (text that must stay on its one line);</item>
/// <item>everything else, backslashes included, as it is.</item>
/// </list>
/// Every escape is also a JSON string escape of the same character, so escaping never breaks `--json` output, which
/// stays exact: JSON escapes control characters itself.
/// </summary>
public static class TerminalText
{
    private static readonly SearchValues<char> UnsafeInMultiLine = SearchValues.Create(UnsafeCharacters(keepLayout: true));
    private static readonly SearchValues<char> UnsafeInLine = SearchValues.Create(UnsafeCharacters(keepLayout: false));

    /// <summary>Text shown on one line (a table cell, a field, a name in a sentence): tab and newline escaped too.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        return text.AsSpan().ContainsAny(UnsafeInLine) ? Append(new StringBuilder(text.Length + 8), text, UnsafeInLine).ToString() : text;
    }

    /// <summary>Text that may span lines (a message, a report): tab and newline kept, every other unsafe character escaped.</summary>
    public static string EscapeLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        return text.AsSpan().ContainsAny(UnsafeInMultiLine) ? Append(new StringBuilder(text.Length + 8), text, UnsafeInMultiLine).ToString() : text;
    }

    /// <summary>True when <see cref="EscapeLines"/> would change <paramref name="text"/>.</summary>
    public static bool NeedsEscapeLines(ReadOnlySpan<char> text) => text.ContainsAny(UnsafeInMultiLine);

    /// <summary>Appends <paramref name="text"/> with <see cref="EscapeLines"/>'s escapes.</summary>
    public static StringBuilder AppendEscapedLines(StringBuilder sb, ReadOnlySpan<char> text) => Append(sb, text, UnsafeInMultiLine);

    private static StringBuilder Append(StringBuilder sb, ReadOnlySpan<char> text, SearchValues<char> unsafeChars)
    {
        while (text.Length > 0)
        {
            int at = text.IndexOfAny(unsafeChars);
            if (at < 0)
            {
                return sb.Append(text);
            }
            sb.Append(text[..at]);
            char c = text[at];
            _ = c switch
            {
                '\t' => sb.Append("\\t"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                _ => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
            };
            text = text[(at + 1)..];
        }
        return sb;
    }

    /// <summary>C0 (tab and newline only when <paramref name="keepLayout"/> is false), DEL, C1, bidi controls, U+2028, U+2029.</summary>
    private static string UnsafeCharacters(bool keepLayout)
    {
        var chars = new StringBuilder();
        for (char c = '\0'; c <= '\u009f'; c++)
        {
            if (char.IsControl(c) && !(keepLayout && c is '\t' or '\n'))
            {
                chars.Append(c);
            }
        }
        chars.Append("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029");
        return chars.ToString();
    }
}
