using System.Text;

namespace GitMl.Core.IO;

/// <summary>
/// A small text file edited as lines (.gitattributes, .gitignore): lines nobody changes keep their exact text and
/// order, and saving is atomic and ends with a newline.
/// </summary>
public sealed class TextLinesFile
{
    private TextLinesFile(string path, List<string> lines)
    {
        Path = path;
        Lines = lines;
    }

    public string Path { get; }

    /// <summary>The lines, without their newline; edit freely, then <see cref="Save"/>.</summary>
    public List<string> Lines { get; }

    /// <summary>Reads the file; a missing file is an empty one (created on save).</summary>
    public static TextLinesFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new TextLinesFile(path, []);
        }
        string text = File.ReadAllText(path);
        return new TextLinesFile(path, text.Length == 0 ? [] : [.. text.TrimEnd('\n').Split('\n')]);
    }

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Appends a block of lines, separated by a blank line from what comes before.</summary>
    public void AppendBlock(IEnumerable<string> lines)
    {
        if (Lines.Count > 0 && Lines[^1].Length > 0)
        {
            Lines.Add("");
        }
        Lines.AddRange(lines);
    }

    public void Save()
    {
        var sb = new StringBuilder();
        foreach (string line in Lines)
        {
            sb.Append(line).Append('\n');
        }
        AtomicFile.WriteAllText(Path, sb.ToString());
    }
}
