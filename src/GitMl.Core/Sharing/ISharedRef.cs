namespace GitMl.Core.Sharing;

/// <summary>
/// A ref of git-ml's own that travels with `git ml push`/`fetch`/`pull` and the pre-push hook: the run notes and the
/// model registry. Push sends the local ref to the same name on the Git remote; fetch brings the remote's version
/// into a tracking ref (refs/ml/remotes/REMOTE/...) and asks the owner to integrate it into the local ref. The owner
/// knows how its content merges; the sharing code only moves refs.
/// </summary>
public interface ISharedRef
{
    /// <summary>The full local ref name, e.g. refs/notes/ml-runs; the remote keeps it under the same name.</summary>
    string RefName { get; }

    /// <summary>
    /// Brings <paramref name="fetchedCommit"/> (the remote's ref, already in the local object database) into the local
    /// ref. Must never lose a local change: a merge that cannot be made automatically leaves the local ref as it was
    /// and reports the conflicts in words that say what to do.
    /// </summary>
    SharedRefIntegration Integrate(MlRepository repo, string remoteName, string fetchedCommit);
}
