using GitMl.Core.Pipelines;

namespace GitMl.Core.Merge;

/// <summary>
/// `git ml merge-driver`: what git runs for a path with merge=ml-lock or merge=ml-params. Reads the three versions
/// git passes, merges them by meaning (lock files with <see cref="LockMerger"/>, YAML and JSON parameter files with
/// <see cref="ParamsMerger"/>), writes the result over %A and reports conflicts on stderr. A version that cannot be
/// read as such a document is never silently replaced by another side: the driver says why and falls back to the
/// line-based merge git would have done (<see cref="TextMerge"/>), markers and all.
/// </summary>
public sealed class MergeDriver(MlRepository repo, TextWriter stderr)
{
    /// <returns>The number of conflicts left in %A (0: merged cleanly).</returns>
    public int Run(MergeDriverRequest request)
    {
        string name = string.IsNullOrEmpty(request.Path) ? request.Current : request.Path;
        try
        {
            string ancestor = ReadAncestor(request.Ancestor);
            string ours = File.ReadAllText(request.Current);
            string theirs = File.ReadAllText(request.Other);
            return MergeKinds.Of(name) switch
            {
                MergeKind.Lock => MergeLock(request, name, ancestor, ours, theirs),
                MergeKind.Params => MergeParams(request, name, ancestor, ours, theirs),
                _ => FallBack(request, name, "it is neither a lock file nor a YAML or JSON parameters file"),
            };
        }
        catch (PipelineFormatException e)
        {
            return FallBack(request, name, e.Message);
        }
        catch (ParamsMergeException e)
        {
            return FallBack(request, name, e.Message);
        }
    }

    private int MergeLock(MergeDriverRequest request, string name, string ancestor, string ours, string theirs)
    {
        var result = LockMerger.Merge(ancestor, ours, theirs, name, request.MarkerSize);
        if (!result.IsClean && result.Conflicts.All(c => c.IsStage) && repo.Settings.MergeDropConflictingStages)
        {
            result = LockMerger.Merge(ancestor, ours, theirs, name, request.MarkerSize, dropConflictingStages: true);
        }
        File.WriteAllText(request.Current, result.Text);
        stderr.Write(LockMergeReport.Render(name, result));
        return result.Conflicts.Count;
    }

    private int MergeParams(MergeDriverRequest request, string name, string ancestor, string ours, string theirs)
    {
        var result = ParamsMerger.Merge(ancestor, ours, theirs, name, request.MarkerSize);
        File.WriteAllText(request.Current, result.Text);
        stderr.Write(ParamsMergeReport.Render(name, result));
        return result.Conflicts.Count;
    }

    private int FallBack(MergeDriverRequest request, string name, string reason)
    {
        stderr.WriteLine($"git-ml: {name}: cannot merge by meaning ({reason}); merging it line by line instead, as git would.");
        return TextMerge.Run(repo.Git, request);
    }

    /// <summary>
    /// The merge base's text. In a criss-cross history git first merges the several merge bases into a virtual one,
    /// through this driver, and a conflict there leaves markers in the base: what both bases disagreed on is left
    /// out, so each side's version of it is treated as an addition (equal additions merge, different ones conflict).
    /// </summary>
    private static string ReadAncestor(string path) => ConflictMarkers.RemoveConflictedRegions(File.ReadAllText(path));
}
