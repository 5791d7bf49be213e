using System.Text;

namespace GitMl.Core.Merge;

/// <summary>
/// Replacements in one text, by offsets into the original, applied together: the lines nobody touched keep their
/// exact bytes. Insertions at the same offset keep the order they were added in.
/// </summary>
internal sealed class TextEdits(string text)
{
    private readonly List<(int Start, int End, string Replacement)> _edits = [];

    public void Replace(int start, int end, string replacement) => _edits.Add((start, end, replacement));

    public void Insert(int at, string text) => _edits.Add((at, at, text));

    /// <exception cref="ParamsMergeException">Two edits overlap (the merge would have to pick one).</exception>
    public string Apply()
    {
        var ordered = _edits.Select((e, i) => (e.Start, e.End, e.Replacement, Order: i)).OrderBy(e => e.Start).ThenBy(e => e.End).ThenBy(e => e.Order).ToList();
        var sb = new StringBuilder(text.Length);
        int at = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < at)
            {
                throw new ParamsMergeException("two changes touch the same lines");
            }
            sb.Append(text, at, edit.Start - at).Append(edit.Replacement);
            at = edit.End;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Offset of the first character of the line holding <paramref name="offset"/>.</summary>
    public static int LineStart(string text, int offset) => offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;

    /// <summary>Offset just after the line break ending the line that holds <paramref name="offset"/> (the text's end on its last line).</summary>
    public static int LineEnd(string text, int offset)
    {
        int newline = text.IndexOf('\n', offset);
        return newline < 0 ? text.Length : newline + 1;
    }

    public static int Column(string text, int offset) => offset - LineStart(text, offset);

    /// <summary>Shifts lines right (positive) or left by <paramref name="delta"/> spaces, from the line numbered <paramref name="fromLine"/> (0-based).</summary>
    public static string Reindent(string lines, int delta, int fromLine = 0)
    {
        if (delta == 0)
        {
            return lines;
        }
        string[] split = lines.Split('\n');
        for (int i = fromLine; i < split.Length; i++)
        {
            if (split[i].Length == 0)
            {
                continue;
            }
            if (delta > 0)
            {
                split[i] = new string(' ', delta) + split[i];
            }
            else
            {
                int strip = 0;
                while (strip < -delta && strip < split[i].Length && split[i][strip] == ' ')
                {
                    strip++;
                }
                split[i] = split[i][strip..];
            }
        }
        return string.Join('\n', split);
    }
}
