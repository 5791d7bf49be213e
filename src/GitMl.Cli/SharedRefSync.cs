using GitMl.Core;
using GitMl.Core.Sharing;

namespace GitMl.Cli;

/// <summary>
/// The part of `git ml push`/`fetch`/`pull` that moves run notes and the registry with the Git remote (the current
/// branch's upstream remote, else origin), reported on stderr so --json output on stdout stays one document.
/// </summary>
public static class SharedRefSync
{
    /// <summary>Fetches and integrates; false when an integration conflicted (the messages say what to do).</summary>
    public static bool Fetch(MlRepository repo)
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
            Console.Error.WriteLine($"git-ml: warning: could not fetch runs and the model registry from {gitRemote}: {e.Message.Trim()}");
            return true;
        }
        bool clean = true;
        foreach (var integration in integrations)
        {
            if (integration.Outcome == SharedRefOutcome.Conflicted)
            {
                clean = false;
                Console.Error.WriteLine($"git-ml: {integration.Summary}");
                foreach (string conflict in integration.Conflicts)
                {
                    Console.Error.WriteLine("  " + conflict);
                }
            }
            else if (integration.Outcome != SharedRefOutcome.UpToDate)
            {
                Console.Error.WriteLine($"git-ml: {integration.Summary}");
            }
        }
        return clean;
    }

    /// <summary>The Git remote shared refs go to, or null (then nothing is shared).</summary>
    public static string? GitRemote(MlRepository repo) => SharedRefs.For(repo).DefaultGitRemote();

    public static void Push(MlRepository repo, string gitRemote)
    {
        foreach (string message in SharedRefs.For(repo).Push(gitRemote))
        {
            Console.Error.WriteLine("git-ml: " + message);
        }
    }
}
