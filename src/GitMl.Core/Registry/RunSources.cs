namespace GitMl.Core.Registry;

/// <summary>
/// The hook that gives `git ml model register --run` its <see cref="IRunSource"/>. Experiment runs set
/// <see cref="Current"/> once at start-up; until they do, every run lookup fails with a message saying runs are
/// not available yet, so registering from a PATH keeps working on its own.
/// </summary>
public static class RunSources
{
    /// <summary>Makes the run source for a repository. Replace it to plug in the run notes.</summary>
    public static Func<MlRepository, IRunSource> Current { get; set; } = _ => Unavailable.Instance;

    /// <summary>The default source: there are no runs to register from yet.</summary>
    public sealed class Unavailable : IRunSource
    {
        public static Unavailable Instance { get; } = new();

        public RunLineage? Find(string runIdOrPrefix) =>
            throw new RegistryException($"cannot register from run '{runIdOrPrefix}': experiment runs are not available yet in this git-ml; register the file instead: git ml model register NAME PATH");
    }
}
