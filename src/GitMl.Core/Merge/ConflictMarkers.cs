using System.Text;

namespace GitMl.Core.Merge;

/// <summary>
/// Git's conflict markers: writing them around two versions of a block, and finding them in a file (pre-commit
/// refuses a lock or params file that still has them; a virtual merge base that git built from a conflicted inner
/// merge has them).
/// </summary>
public static class ConflictMarkers
{
    /// <summary>Git's default marker length (merge.conflictStyle's markers, `%L` when nothing overrides it).</summary>
    public const int DefaultSize = 7;

    /// <summary>
    /// "&lt;&lt;&lt;&lt;&lt;&lt;&lt; ours", our lines, "=======", their lines, "&gt;&gt;&gt;&gt;&gt;&gt;&gt; theirs". Both versions are whole
    /// LF-terminated lines (either may be empty: deleted on that side).
    /// </summary>
    public static string Wrap(string ours, string theirs, int size)
    {
        var sb = new StringBuilder();
        sb.Append('<', size).Append(" ours\n").Append(ours);
        sb.Append('=', size).Append('\n').Append(theirs);
        sb.Append('>', size).Append(" theirs\n");
        return sb.ToString();
    }

    /// <summary>Whether any line is a conflict marker of git's shape (7 or more '&lt;', '=', '|' or '&gt;', alone or followed by a space).</summary>
    public static bool Contains(string text) => text.Split('\n').Any(IsMarker);

    /// <summary>The 1-based number of the first marker line, or null.</summary>
    public static int? FirstLine(string text)
    {
        string[] lines = text.Split('\n');
        int index = Array.FindIndex(lines, IsMarker);
        return index < 0 ? null : index + 1;
    }

    /// <summary>
    /// The text with every conflicted region (from a "&lt;&lt;&lt;" line to its "&gt;&gt;&gt;" line) removed: what both sides of
    /// a conflicted merge agreed on. Used for a virtual merge base (criss-cross history): a key left out of the base
    /// counts as added on both sides, so a later merge can only agree on it or report it, never silently pick one.
    /// Text without markers comes back unchanged.
    /// </summary>
    public static string RemoveConflictedRegions(string text)
    {
        var sb = new StringBuilder(text.Length);
        int depth = 0;
        foreach (string line in text.Split('\n'))
        {
            if (IsMarker(line) && line[0] == '<')
            {
                depth++;
            }
            else if (IsMarker(line) && line[0] == '>' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                sb.Append(line).Append('\n');
            }
        }
        return sb.ToString(0, Math.Max(0, sb.Length - 1));
    }

    private static bool IsMarker(string line)
    {
        line = line.TrimEnd('\r');
        if (line.Length < DefaultSize || line[0] is not ('<' or '=' or '|' or '>'))
        {
            return false;
        }
        int run = 0;
        while (run < line.Length && line[run] == line[0])
        {
            run++;
        }
        return run >= DefaultSize && (run == line.Length || (line[run] == ' ' && line[0] != '='));
    }
}
