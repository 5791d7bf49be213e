using GitMl.Core.Locks;
using GitMl.Core.Pipelines.External;
using GitMl.Core.Remotes;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// A repository's pipeline, ready to work with: its spec, its graph and its lock file. What `repro`, `status`
/// and `dag` start from.
/// </summary>
public sealed class Pipeline
{
    private readonly IBlobStoreFactory? _stores;
    private readonly Tracking.IndexSnapshot? _index;

    private Pipeline(MlRepository repo, PipelineSpec spec, OutputGuard outputs, PipelineGraph graph, IBlobStoreFactory? stores, Tracking.IndexSnapshot? index)
    {
        _stores = stores;
        _index = index;
        Repository = repo;
        Spec = spec;
        Outputs = outputs;
        Graph = graph;
        string lockFile = LockFileStore.PathFor(spec.FilePath);
        Lock = new LockFileStore(Path.Combine(repo.WorkTree, lockFile), ParseMemo.ForLock(repo, lockFile));
    }

    public MlRepository Repository { get; }

    public PipelineSpec Spec { get; }

    /// <summary>The gate every deletion or overwrite of a declared output goes through.</summary>
    public OutputGuard Outputs { get; }

    public PipelineGraph Graph { get; }

    public LockFileStore Lock { get; }

    /// <summary>
    /// The repository's pipeline, or null when it has no ml.yaml or dvc.yaml. Its outputs are checked first
    /// (<see cref="OutputGuard.Check"/>), so a pipeline that declares what git-ml must not delete goes no further.
    /// </summary>
    /// <param name="stores">Opens data remotes, for dependencies at remote://, s3:// and azure:// URLs; without it those cannot be checked.</param>
    /// <param name="index">
    /// The index as a read-only command read it already (status), for the output check and, in <see cref="Status"/>, for
    /// the hashes of what git tracks and calls unmodified (<see cref="Hashing.IndexedPaths"/>); null to ask git.
    /// </param>
    /// <exception cref="PipelineFormatException">The pipeline file is not valid, or declares an output git-ml must not delete.</exception>
    public static Pipeline? Load(MlRepository repo, IBlobStoreFactory? stores = null, Tracking.IndexSnapshot? index = null) =>
        PipelineFiles.Load(repo) is { } spec ? new Pipeline(repo, spec, OutputGuard.Check(repo, spec, index), PipelineGraph.Build(spec), stores, index) : null;

    /// <summary>The repository's pipeline, for commands that need one.</summary>
    /// <exception cref="ArgumentException">There is no ml.yaml or dvc.yaml; the message says what to write.</exception>
    /// <exception cref="PipelineFormatException">The pipeline file is not valid.</exception>
    public static Pipeline Require(MlRepository repo, IBlobStoreFactory? stores = null) =>
        Load(repo, stores) ?? throw new ArgumentException("no pipeline here: write an ml.yaml (DVC's dvc.yaml schema) at the top of the working tree");

    /// <summary>The stages a repro of these targets covers: each target and what it depends on (or, downstream, what depends on it); all stages when there is no target.</summary>
    public IReadOnlyList<StageSpec> Select(IReadOnlyList<string> targets, bool downstream)
    {
        if (targets.Count == 0)
        {
            return Graph.Stages;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in Graph.Select(targets))
        {
            names.Add(target.Name);
            names.UnionWith((downstream ? Graph.Descendants(target.Name) : Graph.Ancestors(target.Name)).Select(s => s.Name));
        }
        return Graph.Stages.Where(s => names.Contains(s.Name)).ToList();
    }

    /// <summary>
    /// Every stage's state without running anything (a dry-run repro), in run order: up to date, frozen, or
    /// would run with the reasons. What `git ml status` shows.
    /// </summary>
    public IReadOnlyList<StageResult> Status()
    {
        var options = new ReproOptions([], Force: false, DryRun: true, Downstream: false, KeepGoing: true, Jobs: 1, UseRunCache: false);
        // Nothing runs, so what git said of the index's files when the command started stays true throughout.
        var result = Run(options, TextWriter.Null, _index is null ? null : new Hashing.IndexedPaths(Repository, _index));
        var byName = result.Stages.ToDictionary(s => s.Stage, StringComparer.Ordinal);
        return Graph.Stages.Where(s => byName.ContainsKey(s.Name)).Select(s => byName[s.Name]).ToList();
    }

    public ReproResult Reproduce(ReproOptions options, TextWriter output) => Run(options, output, null);

    private ReproResult Run(ReproOptions options, TextWriter output, Hashing.IndexedPaths? indexed)
    {
        var engine = new ReproEngine(Repository, Spec, Outputs, Graph.Stages, name => Graph.Upstream(name).Select(s => s.Name).ToList(), new WorkTreeParams(Repository.WorkTree), Lock, new ExternalDependencies(Repository, _stores), output, indexed);
        return engine.Run(Select(options.Targets, options.Downstream), options);
    }
}
