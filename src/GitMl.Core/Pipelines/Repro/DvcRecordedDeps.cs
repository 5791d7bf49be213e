using GitMl.Core.Import;
using GitMl.Core.Locks;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// A dvc.lock written by DVC records dependencies by md5, which git-ml's own hashes (sha256) cannot be compared with.
/// Until `git ml import dvc` converts it, a dependency or output whose content still has the recorded md5 (a file, or a folder
/// by DVC's .dir manifest, .dvcignore honoured) counts as unchanged: `git ml status` on a DVC project then agrees with
/// `dvc status`. Anything that cannot be read the DVC way counts as changed, as before.
/// </summary>
internal sealed class DvcRecordedDeps(MlRepository repo)
{
    private readonly object _gate = new();
    private readonly Lazy<DvcData?> _data = new(() => Open(repo));

    /// <param name="resolve">A path as the lock records it, relative to the top of the working tree.</param>
    public LockedStage KeepUnchanged(LockedStage? locked, LockedStage now, Func<string, string> resolve)
    {
        if (locked is null || !locked.Deps.Concat(locked.Outs).Any(LockConversion.NeedsConversion))
        {
            return now;
        }
        return now with { Deps = Keep(locked.Deps, now.Deps, resolve), Outs = Keep(locked.Outs, now.Outs, resolve) };
    }

    private List<LockedPath> Keep(IReadOnlyList<LockedPath> locked, IReadOnlyList<LockedPath> now, Func<string, string> resolve)
    {
        var recorded = locked.Where(LockConversion.NeedsConversion).ToDictionary(d => d.Path, StringComparer.Ordinal);
        return now.Select(d => d.HashKind == "sha256" && recorded.TryGetValue(d.Path, out var old) && Matches(resolve(d.Path), old) ? old : d).ToList();
    }

    private bool Matches(string path, LockedPath recorded)
    {
        if (recorded.HashKind is not ("md5" or LockedPath.Md5Dos2Unix or "") || _data.Value is not { } data)
        {
            return false;
        }
        try
        {
            lock (_gate)
            {
                return data.Resolve(path, recorded.Hash, restore: false, recorded.IsMd5Dos2Unix).State == DataState.InWorkspace;
            }
        }
        catch (Exception e) when (e is DvcImportException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static DvcData? Open(MlRepository repo)
    {
        try
        {
            var project = DvcProject.Read(repo);
            return new DvcData(repo.WorkTree, WorkTreeGuard.For(repo), DvcCache.For(repo.WorkTree, project.Config), project.Ignore);
        }
        catch (Exception e) when (e is PipelineFormatException or DvcImportException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
