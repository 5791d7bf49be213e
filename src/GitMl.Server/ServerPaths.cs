using GitMl.Core;

namespace GitMl.Server;

/// <summary>
/// Where the server keeps what is not yet, or never, in Git: <c>.git/ml/server/</c> in the common directory (shared by
/// worktrees, never committed). Runs in progress have a journal each; experiments, logged models and the registry's
/// MLflow-only fields (descriptions, tags) have a small JSON file each, written by atomic rename.
/// </summary>
public sealed class ServerPaths(MlRepository repo)
{
    public string Root { get; } = Path.Combine(MlRepository.StoreRoot(repo.Layout), "server");

    public string RunJournals => Path.Combine(Root, "runs");

    public string ExperimentsFile => Path.Combine(Root, "experiments.json");

    public string LoggedModels => Path.Combine(Root, "logged-models");

    public string RegistryMetadataFile => Path.Combine(Root, "registry.json");
}
