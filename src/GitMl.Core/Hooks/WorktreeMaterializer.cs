using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Objects;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Hooks;

/// <summary>
/// Replaces pointers left in the working tree by their content once the store has it (after a checkout with
/// smudge skipped or large files handed off by smudge, or once missing objects arrive). It only reads files small
/// enough to be pointers, so a tree of materialised files costs one stat each. Files are rewritten by
/// `git checkout-index`, through the filter, so the index stays in step and `git status` stays clean. Each entry is
/// set again without stat data first: git skips an entry whose file it considers up to date, and a pointer file is
/// exactly what the index holds. Files of at least ml.largeCheckoutSize are written straight from the store instead (git would
/// hold each whole in memory), and their stat data is recorded in the index directly (<see cref="IndexStatWriter"/>),
/// since a refresh through git would send each whole file through the clean filter again; where that cannot be done
/// the index is refreshed through git. Last, the files git itself just wrote are spared a second clean at the next
/// `git status` (<see cref="RacilyCleanFiles"/>).
/// </summary>
public static class WorktreeMaterializer
{
    /// <param name="Materialized">Files that hold their content now (checked after the fact: a file git left as a
    /// pointer is not counted).</param>
    /// <param name="Corrupt">Files left as pointers because their object failed verification (it was quarantined).</param>
    /// <param name="Refused">Files left as pointers because their pointer does not fit their object (its size
    /// differs) or the object is not a regular file; each error names the file and the object.</param>
    public sealed record Result(IReadOnlyList<string> Materialized, IReadOnlyList<(string Path, Pointer Pointer)> Missing,
        IReadOnlyList<(string Path, CorruptObjectException Error)> Corrupt, IReadOnlyList<IOException> Refused)
    {
        /// <summary>True when nothing was tried because git-ml's filter is not configured (<see cref="Filters.NextSteps.FilterNotConfigured"/>).</summary>
        public bool FilterNotConfigured { get; init; }

        /// <summary>Files git checked out but left as pointers (its filter did not replace them).</summary>
        public IReadOnlyList<string> StillPointers { get; init; } = [];
    }

    /// <param name="index">The index's entries (<see cref="IndexEntry.ReadAll"/>) when the caller started reading them
    /// already (a hook starts `git ls-files` before it looks for the repository, so git's process runs beside git-ml's
    /// own start-up); null to read them here.</param>
    public static Result Run(MlRepository repo, IReadOnlyList<IObjectSource> sources, Task<List<IndexEntry>>? index = null)
    {
        if (repo.Layout.WorkTree is not { } top || repo.Settings.SkipSmudge)
        {
            Abandon(index);
            return new Result([], [], [], []);
        }
        if (!repo.FilterConfigured)
        {
            // Without the filter git would write the pointers back, and a refresh would take content written
            // here for a change: nothing is done, and the caller says why.
            Abandon(index);
            return new Result([], [], [], []) { FilterNotConfigured = true };
        }
        var ready = new List<string>();
        var small = new List<IndexEntry>();
        var large = new List<(IndexEntry Entry, Pointer Pointer)>();
        var missing = new List<(string, Pointer)>();
        var refused = new List<IOException>();
        long largeSize = repo.Settings.LargeCheckoutSize;
        var entries = index is null ? IndexEntry.ReadAll(repo.Git) : index.GetAwaiter().GetResult();
        var unnamed = new List<IndexEntry>();
        foreach (var (entry, pointer) in PointersInWorktree(entries, top, refused).Concat(UnnamedPointerFiles(repo.Git, entries)))
        {
            if (!repo.Store.Contains(pointer.Oid) && !sources.Any(s => TryCopy(s, pointer, repo.Store)))
            {
                missing.Add((entry.Path, pointer));
            }
            else if (!SizeFits(repo.Store, pointer, entry.Path, refused))
            {
                continue;
            }
            else if (entry.RawPath is not null)
            {
                unnamed.Add(entry);
            }
            else if (largeSize > 0 && pointer.Size >= largeSize)
            {
                large.Add((entry, pointer));
            }
            else
            {
                small.Add(entry);
            }
        }
        var stillPointers = new List<string>();
        if (small.Count > 0)
        {
            CheckOut(repo.Git, small);
            var left = small.Select(e => e.Path).Where(path => IsPointerFile(Path.Combine(top, path))).ToHashSet(StringComparer.Ordinal);
            stillPointers.AddRange(small.Select(e => e.Path).Where(left.Contains));
            ready.AddRange(small.Select(e => e.Path).Where(path => !left.Contains(path)));
        }
        if (unnamed.Count > 0)
        {
            CheckOut(repo.Git, unnamed);
            ready.AddRange(unnamed.Select(e => e.Path));
        }
        var corrupt = new List<(string, CorruptObjectException)>();
        var written = new List<IndexEntry>();
        var writtenFiles = large.Count > 0 ? Filters.WrittenFiles.For(repo.Layout) : null;
        var stats = new Dictionary<string, (string Oid, IndexStatData Stat)>(StringComparer.Ordinal);
        foreach (var (entry, pointer) in large)
        {
            try
            {
                if (WorktreeContent.WriteFile(repo.Store, pointer, top, entry.Path, entry.Path, entry.Mode == "100755") is { } stamp)
                {
                    // So the clean filter answers this file's pointer without a second pass over its bytes, should git
                    // ask (the fallback refresh below, a `git add` of it).
                    writtenFiles?.Record(entry.Path, stamp, pointer);
                    if (OpenFileStamp.ForIndex(Path.Combine(top, entry.Path)) is { } now && now.Stamp == stamp)
                    {
                        stats[entry.Path] = (entry.Oid, now.Index);
                    }
                }
                written.Add(entry);
                ready.Add(entry.Path);
            }
            catch (CorruptObjectException e)
            {
                corrupt.Add((entry.Path, e));
            }
            catch (Exception e) when (e is PointerSizeException or Storage.IO.SpecialFileException or WorktreeLinkException)
            {
                refused.Add((IOException)e);
            }
        }
        if (written.Count > 0 && !(stats.Count == written.Count
                                   && IndexStatWriter.TryRecord(repo.Layout.GitDirectory, stats, repo.Config.Get("extensions.objectFormat"))))
        {
            RefreshIndex(repo.Git, written);
        }
        // Last, once git has written everything it will: the files it just wrote are racily clean, and would each
        // go through the clean filter again at the next `git status`.
        RacilyCleanFiles.Settle(repo);
        return new Result(ready, missing, corrupt, refused) { StillPointers = stillPointers };
    }

    /// <summary>Waits for a read the caller started and that is not needed after all: only that git's process is done
    /// matters (nothing is left running), not its outcome, which the work that needed it would have reported.</summary>
    internal static void Abandon(Task? read)
    {
        try
        {
            read?.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>Tells which files git left as pointers although their content was there, and what to check.</summary>
    public static void ReportStillPointers(TextWriter writer, Result result)
    {
        if (result.StillPointers.Count == 0)
        {
            return;
        }
        writer.WriteLine($"git-ml: warning: git left {result.StillPointers.Count} file(s) as pointers although their content is in the store (is git-ml's filter switched off, e.g. by GIT_ML_SKIP_SMUDGE or a filter.ml setting?):");
        foreach (string path in result.StillPointers.Take(10))
        {
            writer.WriteLine($"  {path}");
        }
        if (result.StillPointers.Count > 10)
        {
            writer.WriteLine($"  ... and {result.StillPointers.Count - 10} more");
        }
    }

    /// <summary>Whether the file at <paramref name="fullPath"/> is (still) a git-ml pointer: one stat, and a read only for a file small enough to be one.</summary>
    private static bool IsPointerFile(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (!info.Exists || info.Length >= Pointer.SizeLimit || info.Length == 0)
        {
            return false;
        }
        return Pointer.ParseOrNull(File.ReadAllBytes(fullPath)) is not null;
    }

    /// <summary>Whether the stored object has the pointer's size; when not, the error is added to <paramref name="refused"/>.</summary>
    private static bool SizeFits(ObjectStore store, Pointer pointer, string path, List<IOException> refused)
    {
        try
        {
            WorktreeContent.CheckSize(store, pointer, path);
            return true;
        }
        catch (PointerSizeException e)
        {
            refused.Add(e);
            return false;
        }
    }

    /// <summary>
    /// Brings the index's stat data up to date for files written behind git's back, so `git status` does not
    /// take them for modified. The index still holds the pointer file's size, which git would take for a change
    /// without looking at the content; the entries are set again (same blob, no stat data), and the refresh then
    /// reads those files through the clean filter, which gives back the same pointers, and records their stat. Git
    /// still sends each file's bytes to the filter, but the filter recognises the files written here by their stamp
    /// (<see cref="Filters.WrittenFiles"/>) and only drains them: no hash and no temporary copy.
    /// </summary>
    private static void RefreshIndex(GitCli git, List<IndexEntry> entries)
    {
        try
        {
            GitIndex.ResetEntries(git, entries);
        }
        catch (GitException e)
        {
            throw new GitException($"could not update the index after writing large files: {e.Stderr.Trim()}", e.ExitCode, e.Stderr);
        }
        try
        {
            // Files the user changed are no error here; they stay modified as they were.
            GitIndex.Refresh(git);
        }
        catch (GitException e)
        {
            throw new GitException($"could not refresh the index after writing large files: {e.Stderr.Trim()}", e.ExitCode, e.Stderr);
        }
    }

    /// <summary>
    /// Has git write these pointer files' content through the filter: their index entries are set again without stat
    /// data, so git no longer takes the pointer file for up to date, and `git checkout-index --force` replaces each
    /// file, keeping the index in step. Nothing is deleted beforehand: should git fail, the pointers are still there
    /// (and on file systems that discard freed blocks online, deleting a thousand small files first took seconds).
    /// Names that are not valid UTF-8 go to git as their bytes.
    /// </summary>
    private static void CheckOut(GitCli git, List<IndexEntry> entries)
    {
        try
        {
            GitIndex.ResetEntries(git, entries);
            GitIndex.CheckOut(git, entries.Select(e => e.RawPath ?? Encoding.UTF8.GetBytes(e.Path)));
        }
        catch (GitException e)
        {
            throw new GitException($"could not materialise files: {e.Stderr.Trim()}", e.ExitCode, e.Stderr);
        }
    }

    /// <summary>
    /// Index entries whose names are not valid UTF-8, whose blob is a git-ml pointer and whose working-tree file
    /// holds exactly that blob (git hashes the file, found by its bytes).
    /// </summary>
    private static List<(IndexEntry Entry, Pointer Pointer)> UnnamedPointerFiles(GitCli git, List<IndexEntry> entries)
    {
        var candidates = entries.Where(e => e.RawPath is not null && e.Stage == 0 && e.IsRegularFile && !e.RawPath.Contains((byte)'\n')).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        var pointers = TrackedFile.ReadPointers(git, candidates.Select(e => e.Oid).Distinct());
        candidates = candidates.Where(e => pointers.ContainsKey(e.Oid)).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        if (GitObjects.HashFiles(git, candidates.Select(e => e.RawPath!)) is not { } oids)
        {
            return []; // A file is missing or unreadable: nothing here is a pointer file git-ml can replace.
        }
        return candidates.Where((e, i) => i < oids.Length && oids[i] == e.Oid).Select(e => (Entry: e, Pointer: pointers[e.Oid])).ToList();
    }

    /// <summary>
    /// Working-tree files that are git-ml pointers, for index entries that are pointers too, in index order. A file with
    /// a symbolic link on its way (a parent folder, or the file itself) is neither read nor replaced: its refusal is added
    /// to <paramref name="refused"/>, so nothing is read, deleted or written outside the working tree through it. One
    /// stat per file, on two cores (<see cref="TwoCores"/>): a checkout of 5,000 files waits for 5,000 of them.
    /// </summary>
    private static List<(IndexEntry Entry, Pointer Pointer)> PointersInWorktree(List<IndexEntry> entries, string top, List<IOException> refused)
    {
        var found = new Pointer?[entries.Count];
        var refusals = new IOException?[entries.Count];
        TwoCores.For(entries.Count, 1024, (start, end) =>
        {
            byte[] buffer = new byte[Pointer.SizeLimit];
            var realFolders = new HashSet<string>(StringComparer.Ordinal);
            for (int i = start; i < end; i++)
            {
                var entry = entries[i];
                if (entry.Stage == 0 && entry.IsRegularFile && entry.RawPath is null)
                {
                    (found[i], refusals[i]) = PointerInWorktree(top, entry.Path, buffer, realFolders);
                }
            }
        });
        refused.AddRange(refusals.OfType<IOException>());
        var pointers = new List<(IndexEntry Entry, Pointer Pointer)>();
        for (int i = 0; i < entries.Count; i++)
        {
            if (found[i] is { } pointer)
            {
                pointers.Add((entries[i], pointer));
            }
        }
        return pointers;
    }

    /// <summary>The pointer the working-tree file at <paramref name="path"/> holds, or null; or why it was refused.</summary>
    private static (Pointer? Pointer, IOException? Refused) PointerInWorktree(string top, string path, byte[] buffer, HashSet<string> realFolders)
    {
        long? size;
        try
        {
            size = WorktreeFiles.RegularFileSize(top, path, writing: true, realFolders);
        }
        catch (WorktreeLinkException e)
        {
            return (null, e);
        }
        if (size is not (> 0 and < Pointer.SizeLimit))
        {
            return (null, null);
        }
        int n;
        try
        {
            // Opened as regular file only, not following a link: the file may have been swapped since its stat.
            using var file = Storage.IO.RegularFile.OpenRead(Path.Combine(top, path));
            n = ObjectStore.ReadFully(file, buffer);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or Storage.IO.SpecialFileException)
        {
            return (null, null);
        }
        return (Pointer.ParseOrNull(buffer.AsSpan(0, n)), null);
    }

    private static bool TryCopy(IObjectSource source, Pointer pointer, ObjectStore store)
    {
        try
        {
            return source.TryCopyTo(pointer, store);
        }
        catch (Exception e) when (e is ContentMismatchException or Storage.StorageException or IOException)
        {
            return false;
        }
    }
}
