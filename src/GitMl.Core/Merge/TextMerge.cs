using GitMl.Git;

namespace GitMl.Core.Merge;

/// <summary>
/// A line-based three-way merge with conflict markers, exactly as git's default merge does it (`git merge-file`).
/// It is what the git-ml merge drivers fall back to for content they cannot merge by meaning.
/// </summary>
public static class TextMerge
{
    /// <returns>The number of conflicts left in <see cref="MergeDriverRequest.Current"/> (0: merged cleanly).</returns>
    public static int Run(GitCli git, MergeDriverRequest request)
    {
        try
        {
            return GitMergeFile.Merge(git, request.Current, request.Ancestor, request.Other, request.MarkerSize);
        }
        catch (GitException e)
        {
            throw new GitException($"git merge-file failed on {request.Path}: {e.Stderr.Trim()}", e.ExitCode, e.Stderr);
        }
    }
}
