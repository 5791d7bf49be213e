namespace GitMl.Core.Import;

/// <summary>
/// What git-ml uses of .dvc/config (configobj's INI dialect): the data remotes with their URLs, the default
/// remote, and a cache folder other than .dvc/cache. Pure: text in. Credentials (in config.local) are not read.
/// </summary>
public sealed record DvcConfig(IReadOnlyList<DvcConfig.Remote> Remotes, string? DefaultRemote, string? CacheDirectory)
{
    public sealed record Remote(string Name, string Url);

    public static DvcConfig Empty { get; } = new([], null, null);

    public static DvcConfig Parse(string text)
    {
        var remotes = new List<Remote>();
        string? defaultRemote = null, cacheDirectory = null, section = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                // [core], ['remote "storage"'] (DVC 1+), [remote "storage"] (older files)
                section = Unquote(line[1..^1].Trim());
                continue;
            }
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || section is null)
            {
                continue;
            }
            string key = line[..equals].Trim();
            string value = Unquote(line[(equals + 1)..].Trim());
            if (section == "core" && key == "remote")
            {
                defaultRemote = value;
            }
            else if (section == "cache" && key == "dir")
            {
                cacheDirectory = value;
            }
            else if (key == "url" && section.StartsWith("remote ", StringComparison.Ordinal))
            {
                remotes.Add(new Remote(Unquote(section["remote ".Length..].Trim()), value));
            }
        }
        return new DvcConfig(remotes, defaultRemote, cacheDirectory);
    }

    /// <summary>
    /// The URL `git ml remote add` takes for a DVC remote, or null when git-ml has no such backend (gs://, ssh://,
    /// http(s)://, hdfs://...). DVC reads a relative local path from the .dvc folder; the result is relative to the top.
    /// </summary>
    public static string? GitMlUrl(Remote remote)
    {
        string url = remote.Url;
        if (url.StartsWith("s3://", StringComparison.Ordinal) || url.StartsWith("azure://", StringComparison.Ordinal) || url.StartsWith('/'))
        {
            return url;
        }
        return url.Contains("://", StringComparison.Ordinal) ? null : Pipelines.PipelinePaths.Join(".dvc", url);
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == text[^1] && text[0] is '"' or '\'' ? text[1..^1] : text;
}
