using GitMl.Core.Locks;
using GitMl.Core.Pipelines;
using YamlDotNet.RepresentationModel;

namespace GitMl.Core.Import;

/// <summary>
/// Reads a .dvc file (`outs:` entries with md5, size, nfiles and path, as `dvc add` writes them; optional deps,
/// wdir, meta and md5 of DVC 1's stage files). Pure: text in, <see cref="DvcFile"/> out. A file that is not a
/// .dvc file is a <see cref="PipelineFormatException"/> naming the line and what is wrong.
/// </summary>
public static class DvcFileParser
{
    /// <param name="path">The .dvc file, relative to the top of the working tree; its outputs' paths are relative to its folder.</param>
    public static DvcFile Parse(string text, string path)
    {
        if (LockFileReader.Load(text, path) is not YamlMappingNode root)
        {
            throw new PipelineFormatException(path, 1, "a .dvc file is a mapping with an 'outs' list; fix or delete it, then import again");
        }
        string folder = PipelinePaths.Directory(path);
        string? importedFrom = null;
        IReadOnlyList<LockedPath> outs = [];
        foreach (var (keyNode, value) in root.Children)
        {
            switch ((keyNode as YamlScalarNode)?.Value)
            {
                case "wdir":
                    folder = PipelinePaths.Join(folder, (value as YamlScalarNode)?.Value ?? ".");
                    break;
                case "outs":
                    outs = [.. LockFileReader.ReadPaths(value, path)];
                    break;
                case "deps":
                    // As DVC's schema: a list of entries, or nothing.
                    _ = LockFileReader.ReadPaths(value, path).ToList();
                    importedFrom = Source(value);
                    break;
                case "cmd" when value is not YamlScalarNode:
                    throw new PipelineFormatException(path, (int)value.Start.Line, "'cmd' in a .dvc file is a command (text), not a list or mapping; fix the file, then import again");
            }
        }
        if (outs.Count == 0)
        {
            throw new PipelineFormatException(path, (int)root.Start.Line, "a .dvc file lists what it tracks under 'outs'; this one lists nothing");
        }
        return new DvcFile(path, [.. outs.Select(o => Resolve(o, folder, path))], importedFrom);
    }

    private static LockedPath Resolve(LockedPath output, string folder, string file)
    {
        if (output.HashKind is not ("md5" or LockedPath.Md5Dos2Unix or ""))
        {
            throw new PipelineFormatException(file, null, $"'{output.Path}' has a {output.HashKind} hash; git-ml imports DVC's md5 hashes only");
        }
        string resolved = PipelinePaths.Join(folder, output.Path);
        return WorkTreeGuard.LexicalRefusal(resolved) is { } why
            ? throw new PipelineFormatException(file, null, $"'{output.Path}' {why}; only data inside the repository can be imported")
            : output with { Path = resolved, Hash = output.Hash.ToLowerInvariant() };
    }

    /// <summary>Where an imported .dvc file's data came from: the deps' repo url and path, or their path (a URL).</summary>
    private static string? Source(YamlNode deps)
    {
        if (deps is not YamlSequenceNode { Children: [YamlMappingNode first, ..] })
        {
            return null;
        }
        string? path = first.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "path").Value is YamlScalarNode p ? p.Value : null;
        var repo = first.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "repo").Value as YamlMappingNode;
        string? url = repo?.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "url").Value is YamlScalarNode u ? u.Value : null;
        return url is null ? path : $"{url} ({path})";
    }
}
