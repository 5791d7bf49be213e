using System.Text;
using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Core.Transfer;
using GitMl.Git;

namespace GitMl.Core.Hooks;

/// <summary>
/// What `git-ml hook NAME` does: git-ml's own part of the hook, then the hook that was in place before git-ml (if
/// any) with the same arguments and input. A hook that blocks (pre-commit, pre-push) stops at git-ml's verdict.
/// Hooks with nothing to do return without starting any process: git runs them on every checkout and merge.
/// </summary>
/// <param name="stores">Opens data remotes (pre-push uploads through it).</param>
/// <param name="terminal">Where to draw progress (stderr when it is a terminal), or null.</param>
public sealed class HookRunner(TextWriter stdout, TextWriter stderr, IBlobStoreFactory stores, TextWriter? terminal)
{
    /// <param name="shimPath">Where the shim git ran lives (its $0), so chained hooks are found next to it; when
    /// null, the hooks folder is asked of git.</param>
    public int Run(string hookName, IReadOnlyList<string> args, Stream stdin, string workingDirectory, string? shimPath = null)
    {
        if (!HookNames.All.Contains(hookName))
        {
            throw new ArgumentException($"git-ml has no '{hookName}' hook; it handles {string.Join(", ", HookNames.All)}");
        }
        // Read stdin before anything else: pre-push receives the refs there, and a chained hook needs the same bytes.
        byte[] input = ReadAll(stdin, hookName);
        // With the shim's path, the layout comes from the repository's files (no process): git ran the shim from the
        // hooks folder, in the top of the working tree. Anything unusual is asked of git.
        string? shimFolder = shimPath is not null ? Path.GetDirectoryName(Path.GetFullPath(shimPath, workingDirectory)) : null;
        var layout = new Lazy<RepositoryLayout?>(() =>
            (shimFolder is not null ? RepositoryProbe.HookLayout(workingDirectory, shimFolder, Environment.GetEnvironmentVariable) : null)
            ?? RepositoryLayout.Discover(workingDirectory));
        int own = hookName switch
        {
            HookNames.PreCommit => PreCommit(workingDirectory, layout),
            HookNames.PostCheckout or HookNames.PostMerge => UsesGitMl(workingDirectory) ? Materialize(workingDirectory, layout) : 0,
            _ => UsesGitMl(workingDirectory) && layout.Value is { } l && args.Count > 0
                ? new PrePushUpload(Open(l), stores, stderr, terminal).Run(args[0], Encoding.UTF8.GetString(input))
                : 0,
        };
        if (own != 0)
        {
            return own;
        }
        string? hooksDirectory = shimFolder ?? layout.Value?.HooksDirectory;
        return hooksDirectory is null ? 0 : ChainedHook.Run(hooksDirectory, hookName, args, input, workingDirectory);
    }

    /// <summary>Hooks run for git: a bad setting is a warning here, never the end of the git command.</summary>
    private MlRepository Open(RepositoryLayout layout) => new(layout, Caller.Git, stderr);

    private int PreCommit(string workingDirectory, Lazy<RepositoryLayout?> layout)
    {
        // git lists the staged changes while git-ml finds the repository and reads its caches (a commit waits for this
        // hook): the diff needs no layout, since git starts hooks at the top of the working tree and answers for the
        // same index there (GIT_INDEX_FILE, which git sets for the hook, passes on to it).
        var staged = Task.Run(() => StagedChange.ReadAll(new GitCli(workingDirectory)));
        if (layout.Value is not { } l)
        {
            return 0;
        }
        var repo = Open(l);
        var violations = PreCommitCheck.Run(repo, staged);
        if (violations.Count == 0)
        {
            return 0;
        }
        stderr.Write(PreCommitReport.Render(violations, repo.Settings));
        return 1;
    }

    private int Materialize(string workingDirectory, Lazy<RepositoryLayout?> layout)
    {
        // As for pre-commit: git lists the index while git-ml finds the repository and reads its settings (the checkout
        // waits for this hook); git starts the hook at the top of the working tree, so `git ls-files` needs no layout.
        var index = Task.Run(() => IndexEntry.ReadAll(new GitCli(workingDirectory)));
        if (layout.Value is not { } l)
        {
            WorktreeMaterializer.Abandon(index);
            return 0;
        }
        var repo = Open(l);
        var result = WorktreeMaterializer.Run(repo, LocalRemoteStores.Find(repo.Config, repo.WorkTree), index);
        if (result.FilterNotConfigured)
        {
            // A warning, not a failure: the checkout itself is done, and failing it would not help.
            stderr.WriteLine($"git-ml: warning: {Filters.NextSteps.FilterNotConfigured}");
            return 0;
        }
        if (result.Materialized.Count > 0)
        {
            stdout.WriteLine($"git-ml: materialised {result.Materialized.Count} file(s) whose content is now in the store.");
        }
        WorktreeMaterializer.ReportStillPointers(stderr, result);
        if (result.Missing.Count > 0)
        {
            stderr.WriteLine($"git-ml: {result.Missing.Count} tracked file(s) are still pointers because their content is not in the local store:");
            foreach (var (path, pointer) in result.Missing.Take(10))
            {
                stderr.WriteLine($"  {path}  ({pointer.Oid.Short})");
            }
            if (result.Missing.Count > 10)
            {
                stderr.WriteLine($"  ... and {result.Missing.Count - 10} more (git ml ls-files shows them all)");
            }
            stderr.WriteLine($"git-ml: {Filters.NextSteps.ForMissingContent}");
        }
        foreach (var (path, error) in result.Corrupt)
        {
            Filters.NextSteps.ReportCorruptObject(stderr, path, error);
        }
        foreach (var error in result.Refused)
        {
            stderr.WriteLine($"git-ml: error: {error.Message}");
        }
        if (result.Corrupt.Count > 0 || result.Refused.Count > 0)
        {
            // Git passes a post-checkout hook's exit status on: the checkout fails, as it would through the filter.
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// Whether the repository at this working tree root uses git-ml at all, decided from files alone: a store
    /// exists, or the top .gitattributes mentions git-ml's filter. Unusual layouts count as "yes" (git decides).
    /// </summary>
    private static bool UsesGitMl(string workTreeRoot)
    {
        string? common = RepositoryProbe.CommonDirectory(workTreeRoot, Environment.GetEnvironmentVariable);
        if (common is null || Directory.Exists(Path.Combine(common, "ml", "objects")))
        {
            return true;
        }
        string attributes = Path.Combine(workTreeRoot, ".gitattributes");
        return File.Exists(attributes) && File.ReadAllText(attributes).Contains("filter=ml", StringComparison.Ordinal);
    }

    private static byte[] ReadAll(Stream stdin, string hookName)
    {
        if (hookName != HookNames.PrePush)
        {
            return [];
        }
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
