using GitMl.Core.IO;
using GitMl.Core.Remotes;
using GitMl.Core.Sharing;
using GitMl.Storage;
using GitMl.Git;

namespace GitMl.Core.Transfer;

/// <summary>
/// The pre-push hook's work: before git sends refs, upload every object the pushed commits refer to that the
/// default data remote lacks. If anything is missing or fails, the push is blocked, so a pushed commit never
/// points at data nobody can fetch. GIT_ML_SKIP_PUSH=1 pushes refs without data, on purpose.
/// </summary>
public sealed class PrePushUpload(MlRepository repo, IBlobStoreFactory factory, TextWriter messages, TextWriter? terminal)
{
    public const string SkipEnvironment = "GIT_ML_SKIP_PUSH";

    /// <param name="gitRemote">The name (or URL) of the git remote being pushed to, as git passes it.</param>
    /// <param name="refUpdates">What git writes on the hook's stdin: "local-ref local-oid remote-ref remote-oid" lines.</param>
    /// <returns>0 to let the push go on, 1 to block it.</returns>
    public int Run(string gitRemote, string refUpdates)
    {
        var sharing = SharedRefs.For(repo);
        if (!NamedSharedRefsKeepHistory(sharing, gitRemote, refUpdates))
        {
            return 1;
        }
        if (repo.Settings.SkipPush)
        {
            messages.WriteLine($"git-ml: {SkipEnvironment} is set: pushing commits without uploading their data.");
            return 0;
        }
        var revisions = Revisions(gitRemote, refUpdates);
        var plan = UploadPlan.For(repo, revisions is null ? [] : ReferencedPointers.InHistory(repo.Git, revisions, repo.PointerCache), gitRemote);
        if (plan.All.Count == 0 && plan.SharedRefs.Count == 0)
        {
            return 0;
        }
        var remote = new DataRemotes(repo).DefaultOrNull();
        if (remote is null && plan.FromCommits.Count > 0)
        {
            messages.WriteLine($"git-ml: push blocked: the commits being pushed refer to {plan.FromCommits.Count} file(s) stored by git-ml, and no data remote is configured to upload them to, so nobody could get their content.");
            messages.WriteLine("  Add one and push again:  git ml remote add -d storage s3://bucket/prefix   (or azure://container/prefix, or a directory)");
            messages.WriteLine($"  To push the commits without their data anyway:  {SkipEnvironment}=1 git push ...");
            return 1;
        }
        if (remote is not null && plan.All.Count > 0 && !Upload(remote, plan.All, gitRemote))
        {
            return 1;
        }
        // A shared ref the user pushes by name (git push origin refs/ml/registry) goes with this push: pushing it again
        // from here would race git's own update of it on the remote and fail.
        var named = refUpdates.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')).Where(f => f.Length >= 4).Select(f => f[2]).ToHashSet(StringComparer.Ordinal);
        ShareRefs(named.Count == 0 ? sharing : new SharedRefs(repo, SharedRefs.Known.Where(r => !named.Contains(r.RefName)).ToList()), gitRemote);
        return 0;
    }

    private bool Upload(DataRemote remote, List<PointerUse> pointers, string gitRemote)
    {
        var progress = terminal is null ? null : new TerminalTransferProgress(terminal, $"uploading to {remote.Name}");
        var result = new DataTransfer(repo, factory)
            .PushAsync(remote, pointers, DataTransfer.OptionsFor(remote, jobs: null), progress, CancellationToken.None)
            .GetAwaiter().GetResult();
        progress?.Finish();
        if (!result.Succeeded)
        {
            TransferMessages.WritePushFailure(messages, remote, result);
            messages.WriteLine($"git-ml: push blocked: nothing was sent to {gitRemote}. Fix the above and run git push again (uploads already done are kept); {SkipEnvironment}=1 pushes without data.");
            return false;
        }
        if (result.Report.Transferred > 0)
        {
            messages.WriteLine($"git-ml: uploaded {result.Report.Transferred} object(s), {ByteSize.Format(result.Report.Bytes)}, to {remote} ({result.Report.Skipped} already there).");
        }
        return true;
    }

    /// <summary>
    /// Sends run notes and the registry with the push. Their failure does not block the user's push (the commits and
    /// their data are fine); it says so, and `git ml push` retries it.
    /// </summary>
    private void ShareRefs(SharedRefs sharing, string gitRemote)
    {
        try
        {
            if (!SharedRefReport.Write(messages, sharing.Push(gitRemote), gitRemote, problemLevel: "warning"))
            {
                messages.WriteLine("git-ml: the push goes on without them; send them later with: git ml push");
            }
        }
        catch (Git.GitException e)
        {
            messages.WriteLine($"git-ml: warning: {e.Message}. The push goes on; send them later with: git ml push");
        }
    }

    /// <summary>
    /// A push that names a shared ref itself (git push origin refs/ml/registry, with or without --force) is blocked
    /// when the ref would rewrite what the remote has: its history is append-only (<see cref="SharedRefs.CheckNamedPush"/>).
    /// </summary>
    /// <returns>True when the push may go on.</returns>
    private bool NamedSharedRefsKeepHistory(SharedRefs sharing, string gitRemote, string refUpdates)
    {
        var problems = sharing.CheckNamedPush(gitRemote, refUpdates);
        foreach (var problem in problems)
        {
            messages.WriteLine($"git-ml: push blocked: {problem.Message}");
            foreach (string item in problem.Details)
            {
                messages.WriteLine("  " + item);
            }
        }
        return problems.Count == 0;
    }

    /// <summary>The rev-list arguments for the commits being pushed, or null when nothing is (only deletions).</summary>
    private List<string>? Revisions(string gitRemote, string refUpdates)
    {
        var include = new List<string>();
        var exclude = new List<string>();
        foreach (string line in refUpdates.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 4 || fields[1].All(c => c == '0'))
            {
                continue; // malformed, or a deletion: no commits go out
            }
            include.Add(fields[1]);
            if (!fields[3].All(c => c == '0') && GitObjects.HasCommit(repo.Git, fields[3]))
            {
                exclude.Add(fields[3]);
            }
        }
        if (include.Count == 0)
        {
            return null;
        }
        // Commits the remote already has (its tracking refs) were checked when they were pushed.
        return [.. include, "--not", .. exclude, $"--remotes={gitRemote}"];
    }
}
