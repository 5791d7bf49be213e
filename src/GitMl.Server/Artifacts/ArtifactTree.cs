using GitMl.Server.Json;

namespace GitMl.Server.Artifacts;

/// <summary>A flat list of files seen as a tree: what a directory holds (one level, as MLflow lists), and one file by path.</summary>
public static class ArtifactTree
{
    /// <summary>The entries directly under <paramref name="directory"/>: files with their size, folders once each. Names only.</summary>
    public static IReadOnlyList<FileInfoJson> List(IEnumerable<ArtifactFile> files, ArtifactPath directory)
    {
        string prefix = directory.IsRoot ? "" : directory.Text + "/";
        var entries = new SortedDictionary<string, FileInfoJson>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!file.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            string rest = file.Path[prefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            string name = slash < 0 ? rest : rest[..slash];
            entries[name] = slash < 0 ? new FileInfoJson(name, false, file.Size) : new FileInfoJson(name, true, null);
        }
        return [.. entries.Values];
    }

    public static ArtifactFile? Find(IEnumerable<ArtifactFile> files, ArtifactPath path) =>
        files.FirstOrDefault(f => f.Path == path.Text);

    /// <summary>The files at or under a path, with paths relative to it (a file alone keeps its own name).</summary>
    public static IReadOnlyList<ArtifactFile> Under(IEnumerable<ArtifactFile> files, ArtifactPath path)
    {
        var list = files.ToList();
        if (path.IsRoot)
        {
            return list;
        }
        if (Find(list, path) is { } single)
        {
            return [single with { Path = path.Name }];
        }
        string prefix = path.Text + "/";
        return list.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f with { Path = f.Path[prefix.Length..] }).ToList();
    }
}
