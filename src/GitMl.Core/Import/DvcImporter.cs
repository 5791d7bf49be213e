using GitMl.Core.IO;
using GitMl.Core.Locks;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Import;

/// <summary>
/// `git ml import dvc`: converts a DVC project in place. Order matters, so that nothing is lost if it stops at
/// any point (a rerun picks up where it stopped):
/// 1. read and parse everything (<see cref="DvcProject"/>); bad input stops here, nothing written;
/// 2. find every recorded output's content (working tree, else DVC's cache, md5 verified; absent outputs are
///    restored from the cache) and rehash it with SHA-256;
/// 3. drop DVC's .gitignore entries for that data, track it with git-ml and stage it (bytes into the store,
///    pointers into the index), and check the index really holds pointers;
/// 4. write the lock file with SHA-256 entries (atomically), and stage it;
/// 5. only then remove the .dvc files whose data is all staged (git rm when Git tracks them).
/// Data that cannot be found is reported, and its .dvc file and md5 lock entries are kept for a later import.
/// The pipeline file (dvc.yaml) is not touched: git-ml reads it as is.
/// </summary>
public sealed class DvcImporter(MlRepository repo)
{
    private readonly List<ImportedPath> _imported = [];
    private readonly List<MissingPath> _missing = [];
    private readonly List<string> _notes = [];

    public DvcImportReport Run(bool dryRun)
    {
        var project = DvcProject.Read(repo);
        var data = new DvcData(repo.WorkTree, WorkTreeGuard.For(repo), DvcCache.For(repo.WorkTree, project.Config), project.Ignore);
        var (complete, kept) = ResolveDvcFiles(project, data, dryRun);
        var conversion = project.Lock is { } dvcLock ? LockConversion.Convert(dvcLock, (stage, isOutput, entry) => Rehash(project, data, stage, isOutput, entry, dryRun)) : null;
        var toTrack = _imported.Select(i => i.Path).Distinct(StringComparer.Ordinal).ToList();
        var staged = new List<string>();
        var gitIgnores = new List<string>();
        string? lockWritten = conversion is { Converted: > 0 } ? project.LockPath : null;
        if (!dryRun)
        {
            gitIgnores = DvcGitIgnore.RemoveEntries(repo.WorkTree, toTrack);
            // What .dvcignore kept out of DVC's directories stays out of Git too (DVC's own .gitignore entry hid it).
            gitIgnores = [.. gitIgnores.Union(DvcGitIgnore.AddEntries(repo.WorkTree, IgnoredInside(project.Ignore, toTrack)), StringComparer.Ordinal)];
            Stage(gitIgnores, staged);
            TrackAndStage(toTrack, staged);
            AddMergeDrivers(staged);
            if (lockWritten is not null)
            {
                new LockFileStore(Path.Combine(repo.WorkTree, lockWritten)).Write(conversion!.Lock);
                Stage([lockWritten], staged);
            }
            RemoveDvcFiles(complete.Select(f => f.Path).ToList(), staged);
        }
        return new DvcImportReport(dryRun, _imported, _missing, [.. complete.Select(f => f.Path)], kept, gitIgnores, lockWritten,
            conversion?.Converted ?? 0, staged, project.Config, _notes);
    }

    /// <summary>Finds each .dvc file's data; a file is complete when all its cached outputs can be imported.</summary>
    private (List<DvcFile> Complete, List<string> Kept) ResolveDvcFiles(DvcProject project, DvcData data, bool dryRun)
    {
        var complete = new List<DvcFile>();
        var kept = new List<string>();
        foreach (var file in project.DvcFiles)
        {
            bool all = true;
            foreach (var output in file.Outs.Where(DvcFile.IsCached))
            {
                var found = data.Resolve(output.Path, output.Hash, restore: !dryRun, output.IsMd5Dos2Unix);
                if (found.Importable is { } digest)
                {
                    _imported.Add(new ImportedPath(output.Path, file.Path, found.State, digest.Sha256, digest.Size, digest.FileCount));
                }
                else
                {
                    _missing.Add(new MissingPath(output.Path, file.Path, output.Hash, found.State));
                    all = false;
                }
            }
            if (file.ImportedFrom is { } source)
            {
                _notes.Add($"{file.Path} came from `dvc import` of {source}: git-ml keeps its data, not the link to update it.");
            }
            if (all)
            {
                complete.Add(file);
            }
            else
            {
                kept.Add(file.Path);
            }
        }
        return (complete, kept);
    }

    /// <summary>A lock entry's git-ml form: the SHA-256 of the content its md5 names, or null when that content is nowhere.</summary>
    private LockedPath? Rehash(DvcProject project, DvcData data, string stageName, bool isOutput, LockedPath entry, bool dryRun)
    {
        var stage = project.Stage(stageName);
        string path = stage is null ? entry.Path : new StagePaths(project.Pipeline!, stage).Resolve(entry.Path);
        bool cached = isOutput && (stage?.Outs.FirstOrDefault(o => StagePaths.Normalize(o.Path) == entry.Path)?.Cache ?? true);
        var found = data.Resolve(path, entry.Hash, restore: cached && !dryRun, entry.IsMd5Dos2Unix);
        string recordedIn = $"{project.LockPath} (stage {stageName})";
        // A cached output is git-ml's to track as it is now, even when it differs from the lock (repro then says so).
        if (cached && (found.Workspace ?? (dryRun ? found.Recorded : null)) is { } present)
        {
            _imported.Add(new ImportedPath(path, recordedIn, found.State, present.Sha256, present.Size, present.FileCount));
        }
        if (found.Recorded is not { } digest)
        {
            _missing.Add(new MissingPath(path, recordedIn, entry.Hash, found.State));
            return null;
        }
        if (digest.Manifest is { } manifest && !dryRun)
        {
            repo.Store.Add(manifest.Encode());
        }
        return LockConversion.WithSha256(entry, digest);
    }

    /// <summary>Tracks the paths with git-ml and stages them, then checks that the index holds pointers for them.</summary>
    private void TrackAndStage(List<string> paths, List<string> staged)
    {
        if (paths.Count == 0)
        {
            return;
        }
        var added = new TrackingService(repo).Add(paths, repo.WorkTree);
        var pointers = added.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var notStored = _imported.Where(i => i.FileCount is null ? !pointers.Contains(i.Path) : pointers.Count(p => p.StartsWith(i.Path + "/", StringComparison.Ordinal)) < i.FileCount).Select(i => i.Path).ToList();
        if (notStored.Count > 0)
        {
            throw new DvcImportException(
                $"git did not store {string.Join(", ", notStored.Distinct())} through git-ml's filter (is git-ml installed? run `git ml install`), so no .dvc file was removed; fix that and run the import again");
        }
        staged.Add(".gitattributes");
        staged.AddRange(paths);
    }

    /// <summary>The files .dvcignore ignores inside the directories being tracked.</summary>
    private List<(string Directory, string File)> IgnoredInside(DvcIgnore ignore, List<string> paths) =>
        [.. paths.Where(p => Directory.Exists(Path.Combine(repo.WorkTree, p)))
            .SelectMany(p => Objects.WorktreeFiles.EnumerateFiles(repo.WorkTree, p).Where(ignore.IsIgnored).Select(f => (p, f)))];

    /// <summary>dvc.lock, ml.lock and params.yaml merge with git-ml's drivers from now on, as after `git ml init`.</summary>
    private void AddMergeDrivers(List<string> staged)
    {
        var attributes = AttributesFile.Load(Path.Combine(repo.WorkTree, ".gitattributes"));
        if (!attributes.EnsureMergeDrivers())
        {
            return;
        }
        attributes.Save();
        GitIndex.Add(repo.Git, [".gitattributes"]);
        if (!staged.Contains(".gitattributes", StringComparer.Ordinal))
        {
            staged.Add(".gitattributes");
        }
        _notes.Add(".gitattributes now merges dvc.lock, ml.lock and params.yaml with git-ml's merge drivers (`git ml install` configures them in Git).");
    }

    /// <summary>Stages files as they are now (a deleted one: its removal).</summary>
    private void Stage(IEnumerable<string> paths, List<string> staged)
    {
        foreach (string path in paths)
        {
            if (File.Exists(Path.Combine(repo.WorkTree, path)))
            {
                GitIndex.Add(repo.Git, [path]);
            }
            else
            {
                GitIndex.RemoveCached(repo.Git, path);
            }
            staged.Add(path);
        }
    }

    private void RemoveDvcFiles(List<string> files, List<string> staged)
    {
        foreach (string file in files)
        {
            GitIndex.RemoveCached(repo.Git, file);
            File.Delete(Path.Combine(repo.WorkTree, file));
            staged.Add(file);
        }
    }
}
