namespace GitMl.Core.Registry;

/// <summary>
/// Where the registry finds an experiment run to register a model from (`git ml model register NAME --run ID`).
/// The experiment-run code implements it over the run notes; the registry only reads what a version must record:
/// the run's commit, outputs, params, metrics and data lineage.
/// </summary>
public interface IRunSource
{
    /// <summary>The run whose id is or starts with <paramref name="runIdOrPrefix"/>; null when there is none.</summary>
    /// <exception cref="ArgumentException">The prefix names more than one run (the message lists them).</exception>
    RunLineage? Find(string runIdOrPrefix);
}
