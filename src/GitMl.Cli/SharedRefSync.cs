using GitMl.Core;
using GitMl.Core.Sharing;

namespace GitMl.Cli;

/// <summary>
/// The part of `git ml push`/`fetch`/`pull` that moves run notes and the registry with the Git remote (the current
/// branch's upstream remote, else origin), reported on stderr (<see cref="SharedRefReport"/>) so --json output on
/// stdout stays one document.
/// </summary>
public static class SharedRefSync
{
    /// <summary>Fetches and integrates; false when an integration conflicted or was refused (the messages say what to do).</summary>
    public static bool Fetch(CliContext cli, MlRepository repo)
    {
        var sharing = SharedRefs.For(repo);
        if (sharing.DefaultGitRemote() is not { } gitRemote)
        {
            return true;
        }
        IReadOnlyList<SharedRefIntegration> integrations;
        try
        {
            integrations = sharing.Fetch(gitRemote);
        }
        catch (Git.GitException e)
        {
            // The data remote may well be reachable when the Git remote is not (offline, a moved URL): data comes first.
            cli.Error.WriteLine($"git-ml: warning: could not fetch runs and the model registry from {gitRemote}: {e.Message.Trim()}");
            return true;
        }
        return SharedRefReport.Write(cli.Error, integrations);
    }

    /// <summary>The Git remote shared refs go to, or null (then nothing is shared).</summary>
    public static string? GitRemote(MlRepository repo) => SharedRefs.For(repo).DefaultGitRemote();

    /// <summary>Pushes the shared refs that changed; false when one did not land (the messages say why and what to do).</summary>
    public static bool Push(CliContext cli, MlRepository repo, string gitRemote) =>
        SharedRefReport.Write(cli.Error, SharedRefs.For(repo).Push(gitRemote), gitRemote);
}
