namespace GitMl.Core.Pipelines;

/// <summary>
/// The params-file values one stage uses through ${...}, in the order first used: file (relative to the pipeline
/// file's folder) and dotted key. See <see cref="TemplateContext.Track"/>.
/// </summary>
internal sealed class UsedParams
{
    private readonly OrderedDictionary<string, List<string>> _byFile = new(StringComparer.Ordinal);

    public void Add(string file, string key)
    {
        if (!_byFile.TryGetValue(file, out var keys))
        {
            _byFile[file] = keys = [];
        }
        if (!keys.Contains(key, StringComparer.Ordinal))
        {
            keys.Add(key);
        }
    }

    public IEnumerable<(string File, IReadOnlyList<string> Keys)> ByFile => _byFile.Select(p => (p.Key, (IReadOnlyList<string>)p.Value));
}
