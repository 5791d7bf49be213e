using GitMl.Core.Params;

namespace GitMl.Core.Merge;

/// <summary>Which merge a path gets from the git-ml merge driver.</summary>
public enum MergeKind
{
    /// <summary>ml.lock, dvc.lock (any *.lock): merged stage by stage.</summary>
    Lock,

    /// <summary>A YAML or JSON parameters file: merged key by key.</summary>
    Params,

    /// <summary>Anything else: a line-based merge.</summary>
    Text,
}

/// <summary>Decides the <see cref="MergeKind"/> of a path from its name (git passes the same command for both drivers).</summary>
public static class MergeKinds
{
    public static MergeKind Of(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".lock" => MergeKind.Lock,
            ".yaml" or ".yml" or ".json" when ParamsFile.IsSupported(path) => MergeKind.Params,
            _ => MergeKind.Text,
        };
    }
}
