namespace GitMl.Core.Sharing;

/// <summary>
/// How fetching and pushing shared refs is told to the user, on stderr (so --json on stdout stays one document), the
/// same from `git ml fetch`/`pull`/`push` and the pre-push hook: what changed, what was refused or conflicted and why
/// (errors), and what a remote rewrote that was kept as recorded (warnings).
/// </summary>
public static class SharedRefReport
{
    /// <returns>False when an integration stopped (conflict or refusal): the local ref was left as it was.</returns>
    public static bool Write(TextWriter writer, IEnumerable<SharedRefIntegration> integrations)
    {
        bool clean = true;
        foreach (var integration in integrations)
        {
            if (integration.Stopped)
            {
                clean = false;
                writer.WriteLine($"git-ml: error: {integration.Summary}");
            }
            else if (integration.Rewrites.Count > 0)
            {
                writer.WriteLine($"git-ml: warning: {integration.Summary}");
            }
            else if (integration.Outcome != SharedRefOutcome.UpToDate)
            {
                writer.WriteLine($"git-ml: {integration.Summary}");
            }
            foreach (string item in integration.Rewrites.Concat(integration.Conflicts))
            {
                writer.WriteLine("  " + item);
            }
        }
        return clean;
    }

    /// <summary>A push: its integrations, what landed and what did not; <paramref name="problemLevel"/> is "error" or "warning".</summary>
    /// <returns><see cref="SharedRefPush.Succeeded"/>.</returns>
    public static bool Write(TextWriter writer, SharedRefPush push, string gitRemote, string problemLevel = "error")
    {
        Write(writer, push.Integrations);
        if (push.Pushed.Count > 0)
        {
            writer.WriteLine($"git-ml: pushed {string.Join(", ", push.Pushed)} to {gitRemote}");
        }
        foreach (var problem in push.Problems)
        {
            writer.WriteLine($"git-ml: {problemLevel}: {problem.Message}");
            foreach (string item in problem.Details)
            {
                writer.WriteLine("  " + item);
            }
        }
        return push.Succeeded;
    }
}
