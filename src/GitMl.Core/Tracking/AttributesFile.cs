using System.Text;
using GitMl.Core.IO;

namespace GitMl.Core.Tracking;

/// <summary>
/// A .gitattributes file edited line by line: lines git-ml does not touch keep their exact text and order.
/// Tracking a pattern appends a line with <see cref="TrackAttributes"/>; untracking removes git-ml's attributes
/// from the lines with that pattern (and the line, when nothing else is left on it).
/// </summary>
public sealed class AttributesFile
{
    /// <summary>What `git ml track` writes: git-ml's filter, its diff driver name, binary merges, no EOL conversion.</summary>
    public const string TrackAttributes = "filter=ml diff=ml merge=binary -text";

    private static readonly string[] OwnAttributes = ["filter=ml", "diff=ml", "merge=binary", "-text"];

    private readonly List<string> _lines;

    private AttributesFile(string path, List<string> lines)
    {
        Path = path;
        _lines = lines;
    }

    public string Path { get; }

    public IReadOnlyList<string> Lines => _lines;

    public static AttributesFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new AttributesFile(path, []);
        }
        string text = File.ReadAllText(path);
        var lines = text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').ToList();
        return new AttributesFile(path, lines);
    }

    /// <summary>Patterns that send files through git-ml's filter, in file order.</summary>
    public IEnumerable<string> TrackedPatterns() =>
        _lines.Select(AttributePattern.Split)
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
        _lines.Add($"{AttributePattern.Quote(pattern)} {TrackAttributes}");
        return true;
    }

    /// <summary>Removes git-ml's attributes from lines with exactly this pattern; false when none had them.</summary>
    public bool Untrack(string pattern)
    {
        bool changed = false;
        for (int i = _lines.Count - 1; i >= 0; i--)
        {
            if (AttributePattern.Split(_lines[i]) is not { } split || split.Pattern != pattern || !split.Attributes.Contains("filter=ml"))
            {
                continue;
            }
            var remaining = split.Attributes.Where(a => !OwnAttributes.Contains(a)).ToList();
            if (remaining.Count == 0)
            {
                _lines.RemoveAt(i);
            }
            else
            {
                _lines[i] = $"{AttributePattern.Quote(pattern)} {string.Join(' ', remaining)}";
            }
            changed = true;
        }
        return changed;
    }

    /// <summary>True when a line of the file contains <paramref name="marker"/> (used for managed blocks).</summary>
    public bool Contains(string marker) => _lines.Any(l => l.Contains(marker, StringComparison.Ordinal));

    public void AppendLines(IEnumerable<string> lines)
    {
        if (_lines.Count > 0 && _lines[^1].Length > 0)
        {
            _lines.Add("");
        }
        _lines.AddRange(lines);
    }

    /// <summary>Writes the file atomically (temporary file and rename), ending with a newline.</summary>
    public void Save()
    {
        var sb = new StringBuilder();
        foreach (string line in _lines)
        {
            sb.Append(line).Append('\n');
        }
        AtomicFile.WriteAllText(Path, sb.ToString());
    }
}
