namespace GitMl.Storage.Local;

/// <summary>
/// What a local store has published but not yet made durable: the files, and the folders their entries are in (each
/// file's folder and every folder above it, up to the store's root). Thread-safe: puts add while a flush works on
/// what was there when it started.
/// </summary>
internal sealed class UnflushedWrites
{
    private readonly Lock _lock = new();
    private HashSet<string> _files = new(StringComparer.Ordinal);
    private HashSet<string> _folders = new(StringComparer.Ordinal);

    public void Add(string file, IEnumerable<string> folders)
    {
        lock (_lock)
        {
            _files.Add(file);
            _folders.UnionWith(folders);
        }
    }

    /// <summary>Everything recorded so far, which is no longer recorded here.</summary>
    public (HashSet<string> Files, HashSet<string> Folders) TakeAll()
    {
        lock (_lock)
        {
            var taken = (_files, _folders);
            _files = new(StringComparer.Ordinal);
            _folders = new(StringComparer.Ordinal);
            return taken;
        }
    }

    /// <summary>Records again what a flush took and did not finish (it was cancelled), for the next flush.</summary>
    public void Return(HashSet<string> files, HashSet<string> folders)
    {
        lock (_lock)
        {
            _files.UnionWith(files);
            _folders.UnionWith(folders);
        }
    }
}
