using GitMl.Core.Tracking;

namespace GitMl.Core.Import;

/// <summary>
/// DVC's .dvcignore files, applied as DVC applies them: gitignore syntax, in the top folder or any folder below (a
/// pattern in dir/.dvcignore applies below dir/), a deeper file's patterns after a higher one's ('!' in a deeper one
/// takes back). What they match does not exist for DVC: it is left out of directory hashes, so the import leaves it
/// out too, and a .dvc file they match is not read.
/// </summary>
public sealed class DvcIgnore
{
    public const string FileName = ".dvcignore";

    private readonly GlobList _patterns;

    private DvcIgnore(GlobList patterns) => _patterns = patterns;

    public static DvcIgnore None { get; } = new(new GlobList(Array.Empty<string>()));

    /// <summary>Whether DVC ignores the file or folder at this path (relative to the top, '/'-separated).</summary>
    public bool IsIgnored(string path) => !_patterns.IsEmpty && _patterns.IsMatch(path);

    /// <param name="files">Each .dvcignore's folder ("" for the top) and text, in any order.</param>
    public static DvcIgnore Parse(IEnumerable<(string Folder, string Text)> files)
    {
        var patterns = new List<string>();
        foreach (var (folder, text) in files.OrderBy(f => f.Folder.Length == 0 ? 0 : f.Folder.Count(c => c == '/') + 1).ThenBy(f => f.Folder, StringComparer.Ordinal))
        {
            patterns.AddRange(text.Split('\n').Select(line => Pattern(folder, line)).OfType<string>());
        }
        return new DvcIgnore(new GlobList(patterns));
    }

    /// <summary>Reads every .dvcignore among the given paths (bounded in size, no link followed).</summary>
    /// <exception cref="Pipelines.PipelineFormatException">One is larger than git-ml reads.</exception>
    public static DvcIgnore Read(string workTree, IEnumerable<string> dvcIgnorePaths)
    {
        var files = new List<(string, string)>();
        foreach (string path in dvcIgnorePaths)
        {
            using var stream = Objects.WorktreeFiles.OpenRead(workTree, path);
            using var reader = new StreamReader(stream);
            var buffer = new char[InputLimits.MaxChars + 1];
            int read = reader.ReadBlock(buffer, 0, buffer.Length);
            string text = new(buffer, 0, read);
            InputLimits.CheckSize(text, path);
            string folder = Pipelines.PipelinePaths.Directory(path);
            files.Add((folder == "." ? "" : folder, text));
        }
        return Parse(files);
    }

    /// <summary>One line as a pattern relative to the top, or null for a blank line or a comment.</summary>
    private static string? Pattern(string folder, string line)
    {
        string body = line.TrimEnd('\r').TrimEnd(' ', '\t');
        if (body.Length == 0 || body.StartsWith('#'))
        {
            return null;
        }
        bool negated = body.StartsWith('!');
        body = negated ? body[1..] : body;
        if (folder.Length > 0 && body.Length > 0)
        {
            bool anchored = body.TrimEnd('/').Contains('/', StringComparison.Ordinal);
            body = anchored ? $"{folder}/{body.TrimStart('/')}" : $"{folder}/**/{body}";
        }
        return body.Length == 0 || body == "/" ? null : (negated ? "!" : "") + body;
    }
}
