using GitMl.Core.IO;

namespace GitMl.Core.Tracking;

/// <summary>
/// A .gitattributes file as git-ml edits it: tracking a pattern appends a line with <see cref="TrackAttributes"/>;
/// untracking removes git-ml's attributes from the lines with that pattern (and the line, when nothing else is
/// left on it). Every other line keeps its exact text and order.
/// </summary>
public sealed class AttributesFile
{
    /// <summary>What `git ml track` writes: git-ml's filter, its diff driver name, binary merges, no EOL conversion.</summary>
    public const string TrackAttributes = "filter=ml diff=ml merge=binary -text";

    /// <summary>
    /// The lines that send lock files and params.yaml through git-ml's merge drivers (docs/merge.md), as
    /// `git ml init` and `git ml track` write them.
    /// </summary>
    public static readonly IReadOnlyList<string> MergeDriverLines = ["ml.lock merge=ml-lock", "dvc.lock merge=ml-lock", "params.yaml merge=ml-params"];

    private static readonly string[] OwnAttributes = ["filter=ml", "diff=ml", "merge=binary", "-text"];

    private readonly TextLinesFile _file;

    private AttributesFile(TextLinesFile file) => _file = file;

    public string Path => _file.Path;

    public IReadOnlyList<string> Lines => _file.Lines;

    public static AttributesFile Load(string path) => new(TextLinesFile.Load(path));

    /// <summary>Patterns that send files through git-ml's filter, in file order.</summary>
    public IEnumerable<string> TrackedPatterns() =>
        _file.Lines.Select(AttributePattern.Split)
            .Where(s => s is { } split && split.Attributes.Contains("filter=ml"))
            .Select(s => s!.Value.Pattern);

    public bool IsTracked(string pattern) => TrackedPatterns().Contains(pattern, StringComparer.Ordinal);

    /// <summary>Adds a tracking line for the pattern; false when it is already tracked.</summary>
    public bool Track(string pattern)
    {
        if (IsTracked(pattern))
        {
            return false;
        }
        _file.Lines.Add($"{AttributePattern.Quote(pattern)} {TrackAttributes}");
        return true;
    }

    /// <summary>Removes git-ml's attributes from lines with exactly this pattern; false when none had them.</summary>
    public bool Untrack(string pattern)
    {
        var lines = _file.Lines;
        bool changed = false;
        for (int i = lines.Count - 1; i >= 0; i--)
        {
            if (AttributePattern.Split(lines[i]) is not { } split || split.Pattern != pattern || !split.Attributes.Contains("filter=ml"))
            {
                continue;
            }
            var remaining = split.Attributes.Where(a => !OwnAttributes.Contains(a)).ToList();
            if (remaining.Count == 0)
            {
                lines.RemoveAt(i);
            }
            else
            {
                lines[i] = $"{AttributePattern.Quote(pattern)} {string.Join(' ', remaining)}";
            }
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// Adds each of <see cref="MergeDriverLines"/> whose pattern has no merge setting in this file yet (a merge
    /// attribute someone chose for that pattern, even "-merge", is left alone); false when nothing was added.
    /// </summary>
    public bool EnsureMergeDrivers()
    {
        var existing = _file.Lines.Select(AttributePattern.Split).OfType<(string Pattern, string[] Attributes)>().ToList();
        bool changed = false;
        foreach (string line in MergeDriverLines)
        {
            string pattern = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            if (!existing.Any(e => e.Pattern == pattern && e.Attributes.Any(IsMergeAttribute)))
            {
                _file.Lines.Add(line);
                changed = true;
            }
        }
        return changed;
    }

    private static bool IsMergeAttribute(string attribute) => attribute.TrimStart('-', '!').Split('=')[0] == "merge";

    /// <summary>True when a line contains <paramref name="text"/> (such as a managed block's marker).</summary>
    public bool Contains(string text) => _file.Contains(text);

    public void AppendBlock(IEnumerable<string> lines) => _file.AppendBlock(lines);

    /// <summary>Writes the file atomically, ending with a newline.</summary>
    public void Save() => _file.Save();
}
