using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Hooks;

/// <summary>
/// What `git-ml hook NAME` does: git-ml's own part of the hook, then the hook that was there before git-ml (if
/// any) with the same arguments and input. A hook that blocks (pre-commit, pre-push) stops at git-ml's verdict.
/// </summary>
public sealed class HookRunner(TextWriter stdout, TextWriter stderr)
{
    public int Run(string hookName, IReadOnlyList<string> args, Stream stdin, string workingDirectory)
    {
        // Read stdin before anything else: pre-push receives the refs there, and a chained hook needs the same bytes.
        byte[] input = ReadAll(stdin, hookName);
        var layout = RepositoryLayout.Discover(workingDirectory);
        if (layout is null)
        {
            return 0;
        }
        var repo = new MlRepository(layout);
        int own = hookName switch
        {
            HookNames.PreCommit => PreCommit(repo),
            HookNames.PostCheckout or HookNames.PostMerge => Materialize(repo),
            HookNames.PrePush => 0, // Data upload before refs arrives with remotes.
            _ => throw new ArgumentException($"git-ml has no '{hookName}' hook; it handles {string.Join(", ", HookNames.All)}", nameof(hookName)),
        };
        if (own != 0)
        {
            return own;
        }
        return ChainedHook.Run(layout.HooksDirectory, hookName, args, input, workingDirectory);
    }

    private int PreCommit(MlRepository repo)
    {
        var violations = PreCommitCheck.Run(repo);
        if (violations.Count == 0)
        {
            return 0;
        }
        stderr.Write(PreCommitReport.Render(violations, repo.Settings));
        return 1;
    }

    private int Materialize(MlRepository repo)
    {
        if (!UsesGitMl(repo))
        {
            return 0;
        }
        var result = WorktreeMaterializer.Run(repo, LocalRemoteStores.Find(repo.Config, repo.WorkTree));
        if (result.Materialized.Count > 0)
        {
            stdout.WriteLine($"git-ml: materialised {result.Materialized.Count} file(s) whose content is now in the store.");
        }
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
        return 0;
    }

    /// <summary>Cheap test run before anything costly: a store exists, or the top .gitattributes mentions git-ml's filter.</summary>
    private static bool UsesGitMl(MlRepository repo)
    {
        if (Directory.Exists(repo.Store.ObjectsDirectory))
        {
            return true;
        }
        string attributes = Path.Combine(repo.WorkTree, ".gitattributes");
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
