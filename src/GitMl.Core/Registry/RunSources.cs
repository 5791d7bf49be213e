namespace GitMl.Core.Registry;

/// <summary>
/// The hook that gives `git ml model register --run` its <see cref="IRunSource"/>: by default the run notes
/// (<see cref="RunCatalogSource"/>). Replace <see cref="Current"/> to register from elsewhere (tests use fakes).
/// </summary>
public static class RunSources
{
    /// <summary>Makes the run source for a repository.</summary>
    public static Func<MlRepository, IRunSource> Current { get; set; } = repo => new RunCatalogSource(repo);

    /// <summary>A source with no runs at all: every lookup says runs are not available.</summary>
    public sealed class Unavailable : IRunSource
    {
        public static Unavailable Instance { get; } = new();

        public RunLineage? Find(string runIdOrPrefix) =>
            throw new RegistryException($"cannot register from run '{runIdOrPrefix}': experiment runs are not available here; register the file instead: git ml model register NAME PATH");
    }
}
