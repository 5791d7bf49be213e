using System.Text.RegularExpressions;
using GitMl.Core.IO;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Repro;
using GitMl.Core.Yaml;

namespace GitMl.Core.Pipelines.External;

/// <summary>
/// `git ml import-url URL PATH` (DVC's import-url): a file downloaded from outside the repository, with its source
/// recorded. The record is an ordinary stage of the pipeline file: its dependency is the URL, checked by ETag as
/// every external dependency is, its output the file, its command the download
/// (<c>git ml import-url --fetch URL PATH</c>). So `git ml status` says when the source changed, `git ml update PATH`
/// (or repro) downloads it again, the lock file records both sides, and lineage and merges see it like any stage.
/// </summary>
public static partial class UrlImport
{
    /// <summary>The command an import stage runs, with URL and path quoted for the shell.</summary>
    public static string FetchCommand(string url, string path) => $"git ml import-url --fetch {ShellQuote(url)} {ShellQuote(path)}";

    /// <summary>The import stages of a pipeline: each downloads one URL into one output.</summary>
    public static IEnumerable<(StageSpec Stage, string Url, string Path)> Stages(PipelineSpec pipeline) =>
        pipeline.Stages
            .Where(s => s.Deps.Count == 1 && ExternalDependencies.IsExternal(s.Deps[0]) && s.Outs.Count == 1
                        && s.CommandText == FetchCommand(s.Deps[0], s.Outs[0].Path))
            .Select(s => (s, s.Deps[0], StagePaths.Normalize(s.Outs[0].Path)));

    /// <summary>
    /// Adds the stage that downloads <paramref name="url"/> into <paramref name="path"/> to the pipeline file (ml.yaml,
    /// or the dvc.yaml a DVC project has; ml.yaml is created when there is none), keeping the file's text and comments;
    /// an import of the same URL to the same path is found, not added twice.
    /// </summary>
    /// <param name="path">'/'-separated, relative to the top of the working tree.</param>
    /// <returns>The stage's name, the pipeline file, and whether the stage was added (false: it was there).</returns>
    /// <exception cref="ExternalDependencyException">The URL cannot be reached by git-ml.</exception>
    /// <exception cref="ArgumentException">The path is another stage's output, or already exists (and <paramref name="force"/> is not set).</exception>
    /// <exception cref="PipelineFormatException">The pipeline file is not valid, or the stage would declare an output git-ml must not write.</exception>
    public static (string Stage, string PipelineFile, bool Added) AddStage(MlRepository repo, string url, string path, bool force)
    {
        ExternalDependencies.RequireSupported(url);
        string file = PipelineFiles.Find(repo.WorkTree) ?? PipelineFiles.MlYaml;
        string fullFile = Path.Combine(repo.WorkTree, file);
        WorktreeFiles.CheckNoLink(repo.WorkTree, file, includeLast: true, writing: true);
        string text = File.Exists(fullFile) ? File.ReadAllText(fullFile) : "";
        var current = text.Length == 0 ? null : PipelineFiles.Load(repo.WorkTree);
        if (current is not null)
        {
            if (Stages(current).FirstOrDefault(i => i.Path == path && i.Url == url) is { Stage: { } existing })
            {
                return (existing.Name, file, false);
            }
            if (current.Stages.FirstOrDefault(s => s.Outs.Any(o => StagePaths.Normalize(o.Path) == path)) is { } producer)
            {
                throw new ArgumentException($"{path} is already an output of stage '{producer.Name}' in {file}; import to another path");
            }
        }
        var taken = current?.Stages.Select(s => s.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        string name = UniqueName(path, taken);
        string updated = WithStage(text, name, StageText(url, path), file);
        // What the pipeline reader and the output guard make of the new text decides, before anything is written.
        var spec = PipelineParser.Parse(updated, file, relative => ReadBeside(repo.WorkTree, relative));
        OutputGuard.Check(repo, spec);
        if (!force && (File.Exists(Path.Combine(repo.WorkTree, path)) || Directory.Exists(Path.Combine(repo.WorkTree, path))))
        {
            throw new ArgumentException($"{path} already exists: import to another path, or replace it with --force");
        }
        AtomicFile.WriteAllText(fullFile, updated);
        return (name, file, true);
    }

    private static string? ReadBeside(string root, string relative)
    {
        string full = Path.Combine(root, relative);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    private static List<string> StageText(string url, string path) =>
    [
        "cmd: " + YamlScalars.String(FetchCommand(url, path)),
        "deps:",
        "- " + YamlScalars.String(url),
        "outs:",
        "- " + YamlScalars.String(path),
    ];

    /// <summary>"import-" and the path, in the letters a stage name may have; numbered when taken.</summary>
    private static string UniqueName(string path, HashSet<string> taken)
    {
        string stem = "import-" + NotNameCharacters().Replace(path, "-").Trim('-');
        string name = stem;
        for (int n = 2; taken.Contains(name); n++)
        {
            name = $"{stem}-{n}";
        }
        return name;
    }

    /// <summary>
    /// The pipeline text with one more stage at the end of its <c>stages:</c> block (indented as its other stages are),
    /// or with a <c>stages:</c> block appended when it has none. Everything else stays as written.
    /// </summary>
    private static string WithStage(string text, string name, List<string> body, string file)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        int stages = lines.FindIndex(l => StagesKey().IsMatch(l));
        if (stages < 0)
        {
            lines.Add("stages:");
            lines.AddRange(Block(name, body, 2));
            return string.Join('\n', lines) + "\n";
        }
        if (StagesKey().Match(lines[stages]).Groups["rest"].Value.Trim() is { Length: > 0 } inline && !inline.StartsWith('#'))
        {
            throw new PipelineFormatException(file, stages + 1, "its stages are written inline (stages: {...}); write them as a block to let git-ml add a stage");
        }
        int end = lines.Count;
        int indent = 0;
        for (int i = stages + 1; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            int leading = line.Length - line.TrimStart(' ').Length;
            if (leading == 0)
            {
                end = i;
                break;
            }
            indent = indent == 0 ? leading : indent;
        }
        // Blank lines and comments just before the next top-level key belong to it.
        while (end > stages + 1 && (lines[end - 1].Trim().Length == 0 || (end < lines.Count && lines[end - 1].StartsWith('#'))))
        {
            end--;
        }
        lines.InsertRange(end, Block(name, body, indent == 0 ? 2 : indent));
        return string.Join('\n', lines) + "\n";
    }

    private static IEnumerable<string> Block(string name, List<string> body, int indent)
    {
        string pad = new(' ', indent);
        yield return pad + name + ":";
        foreach (string line in body)
        {
            yield return pad + pad + line;
        }
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^stages:(?<rest>.*)$")]
    private static partial Regex StagesKey();

    [GeneratedRegex(@"[^A-Za-z0-9_-]+")]
    private static partial Regex NotNameCharacters();
}
