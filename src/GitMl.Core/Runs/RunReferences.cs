using GitMl.Core.Maintenance;
using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>
/// The objects experiment runs refer to: their outputs and their long metric series. Garbage collection keeps them
/// (soft-deleted runs included: they stay for audit), and push uploads them with the notes that name them.
/// </summary>
public sealed class RunReferences : IKeepReferences
{
    public string Description => "experiment runs";

    public IEnumerable<ObjectId> Referenced(MlRepository repo) => Files(RunCatalog.Read(repo).Runs).Select(f => f.Oid).Distinct();

    /// <summary>What a push of the run notes must upload with them: every run file the local store has (files of runs recorded elsewhere and never fetched are not ours to send).</summary>
    public static List<Transfer.PointerUse> ToUpload(MlRepository repo) =>
        Files(RunCatalog.Read(repo).Runs)
            .DistinctBy(f => f.Oid)
            .Select(f => (File: f, Size: repo.Store.SizeOf(f.Oid)))
            .Where(f => f.Size is not null)
            .Select(f => new Transfer.PointerUse(new Pointer(f.File.Oid, f.Size!.Value), f.File.Path))
            .ToList();

    /// <summary>Every stored file of these runs, named for messages ("run 3f2a9c1b: model.pkl").</summary>
    public static IEnumerable<RunFile> Files(IEnumerable<RunRecord> runs)
    {
        foreach (var run in runs)
        {
            foreach (var output in run.Outputs)
            {
                yield return output with { Path = $"run {run.Id.Short}: {output.Path}" };
            }
            foreach (var metric in run.Metrics)
            {
                if (metric.HistoryOid is { } oid)
                {
                    yield return new RunFile($"run {run.Id.Short}: metric {metric.Name}", oid, 0);
                }
            }
        }
    }
}
