namespace GitMl.Core.Pipelines;

/// <summary>
/// Where a repository's pipeline is: ml.yaml at the top of the working tree, else dvc.yaml (an existing DVC
/// pipeline, read as is), else none. Only the top-level file is read: stages in pipeline files in subfolders
/// (which DVC also collects) are out of scope for now.
/// </summary>
public static class PipelineFiles
{
    public const string MlYaml = "ml.yaml";

    public const string DvcYaml = "dvc.yaml";

    /// <summary>The pipeline file's name relative to <paramref name="workTreeRoot"/> ("ml.yaml" or "dvc.yaml"), or null when there is none.</summary>
    public static string? Find(string workTreeRoot)
    {
        ArgumentNullException.ThrowIfNull(workTreeRoot);
        foreach (string name in (string[])[MlYaml, DvcYaml])
        {
            if (File.Exists(Path.Combine(workTreeRoot, name)))
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>Finds and parses the pipeline; null when the working tree has no pipeline file.</summary>
    /// <exception cref="PipelineFormatException">The pipeline or a params file it loads is not valid.</exception>
    public static PipelineSpec? Load(string workTreeRoot) => Load(workTreeRoot, memoFor: null);

    /// <summary>
    /// Finds and parses the repository's pipeline, or recalls its last parse when the pipeline file and every file
    /// that parse read hold the same text (<see cref="ParseMemo"/>); null when the working tree has no pipeline file.
    /// </summary>
    /// <exception cref="PipelineFormatException">The pipeline or a params file it loads is not valid.</exception>
    public static PipelineSpec? Load(MlRepository repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return Load(repo.WorkTree, name => ParseMemo.ForPipeline(repo, name));
    }

    /// <param name="memoFor">The memo for the pipeline file of that name; null to parse every time.</param>
    internal static PipelineSpec? Load(string workTreeRoot, Func<string, ParseMemo>? memoFor)
    {
        if (Find(workTreeRoot) is not { } name)
        {
            return null;
        }
        string folder = Path.GetDirectoryName(Path.Combine(workTreeRoot, name))!;
        string? ReadFile(string relative)
        {
            string path = Path.Combine(folder, relative);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        string text = File.ReadAllText(Path.Combine(workTreeRoot, name));
        if (memoFor is null)
        {
            return PipelineParser.Parse(text, name, ReadFile);
        }
        var memo = memoFor(name);
        if (memo.Recall(text, ReadFile) is { } payload && PipelineSpecCodec.TryDecode(payload) is { } recalled)
        {
            return recalled;
        }
        // Every file the parse asks for, in order, with what it read (null: missing): the memo's key.
        var reads = new List<KeyValuePair<string, string?>>();
        var spec = PipelineParser.Parse(text, name, relative =>
        {
            string? content = ReadFile(relative);
            reads.Add(KeyValuePair.Create(relative, content));
            return content;
        });
        memo.Remember(text, reads, PipelineSpecCodec.Encode(spec));
        return spec;
    }
}
