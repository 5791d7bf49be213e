using GitMl.Core.Objects;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// Git already knows the content hash of many files: a git-ml tracked file that git sees as unmodified has its
/// SHA-256 written in its staged pointer. Reading that costs three git calls whatever the size of the data, where
/// hashing would read every byte; it is what lets a fresh clone's first status or repro finish in a blink.
/// </summary>
public static class UnmodifiedPointers
{
    /// <summary>Path (relative to the top of the working tree) to pointer, for tracked files git sees as unmodified.</summary>
    public static Dictionary<string, Pointer> Read(MlRepository repo)
    {
        var tracked = TrackedFile.FromIndex(repo);
        if (tracked.Count == 0)
        {
            return new Dictionary<string, Pointer>(StringComparer.Ordinal);
        }
        // diff-files compares stat data with the index (re-cleaning only racily clean files) and lists what changed.
        var modified = GitDiff.UnstagedPaths(repo.Git).ToHashSet(StringComparer.Ordinal);
        return tracked.Where(t => !modified.Contains(t.Path)).ToDictionary(t => t.Path, t => t.Pointer, StringComparer.Ordinal);
    }
}
