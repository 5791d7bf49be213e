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
        var result = git.Run([
            "merge-file", $"--marker-size={request.MarkerSize}",
            "-L", "ours", "-L", "base", "-L", "theirs",
            request.Current, request.Ancestor, request.Other,
        ]);
        if (result.ExitCode < 0 || result.ExitCode > 127)
        {
            throw new GitException($"git merge-file failed on {request.Path}: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
        }
        return result.ExitCode;
    }
}
