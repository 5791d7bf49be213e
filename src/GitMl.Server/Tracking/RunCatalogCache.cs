using GitMl.Core;
using GitMl.Core.Runs;
using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Server.Tracking;

/// <summary>
/// The recorded runs (the notes), read once per state of the notes ref: a request costs a few stat calls while the
/// ref's files are unchanged (<see cref="SharedRefWatch"/>), one `git rev-parse` when they changed, and a full read
/// (one `git notes list` and one batched cat-file) only after a run ended or a fetch brought new notes. Every read
/// teaches the experiment store the experiments those runs name.
/// </summary>
public sealed class RunCatalogCache(MlRepository repo, ExperimentStore experiments)
{
    private readonly object _gate = new();
    private readonly SharedRefWatch _watch = new(repo.Layout.CommonDirectory, RunNotes.RefName);
    private SharedRefWatch.Stamp? _stamp;
    private string? _commit;
    private RunCatalog? _catalog;
    private Dictionary<string, RunRecord>? _byId;

    public RunCatalog Current() => Read().Catalog;

    /// <summary>The recorded run with this id (deleted ones included), or null.</summary>
    public RunRecord? Find(RunId id) => Read().ById.TryGetValue(id.Hex, out var run) ? run : null;

    private (RunCatalog Catalog, Dictionary<string, RunRecord> ById) Read()
    {
        var stamp = _watch.Take();
        lock (_gate)
        {
            if (_catalog is not null && _byId is not null && stamp.Unchanged(_stamp))
            {
                return (_catalog, _byId);
            }
        }
        string? head = GitRefs.Resolve(repo.Git, RunNotes.RefName);
        lock (_gate)
        {
            if (_catalog is not null && _byId is not null && head == _commit)
            {
                _stamp = stamp;
                return (_catalog, _byId);
            }
            var catalog = head is null ? RunCatalog.FromNotes(Array.Empty<(string, byte[])>()) : RunCatalog.Read(repo);
            foreach (var warning in catalog.Warnings)
            {
                Console.Error.WriteLine($"git-ml serve: {warning}");
            }
            foreach (var run in catalog.Runs)
            {
                if (run.Tags.TryGetValue(ServerTags.ExperimentId, out var id) && run.Tags.TryGetValue(ServerTags.ExperimentName, out var name))
                {
                    experiments.Learn(id, name, run.Start.ToUnixTimeMilliseconds());
                }
            }
            _catalog = catalog;
            _byId = catalog.Runs.ToDictionary(r => r.Id.Hex, StringComparer.Ordinal);
            _commit = head;
            _stamp = stamp;
            return (_catalog, _byId);
        }
    }
}
