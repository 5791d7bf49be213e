using GitMl.Core.Objects;
using GitMl.Core.Settings;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Hooks;

/// <summary>
/// What pre-commit checks: every staged file that git-ml does not track must be small and text, every staged
/// pointer must have its object in the local store, and no lock or params file may keep conflict markers. It reads what it needs in three git calls whatever the
/// number of files (a diff of the index against HEAD, then sizes and small contents in batches), so a commit of
/// thousands of files stays fast. Blobs the <see cref="PointerCache"/> knows as git-ml pointers (every file the
/// filter just cleaned) cost one stat each (is the object stored?) and nothing else: no cat-file, and when every
/// staged file is one, not even a read of git config.
/// </summary>
public static class PreCommitCheck
{
    /// <summary>Git's own binary test: a NUL byte in the first 8000 bytes.</summary>
    private const int BinaryProbeLength = 8000;

    public static List<PreCommitViolation> Run(MlRepository repo) => Run(repo, Task.Run(() => StagedChange.ReadAll(repo.Git)));

    /// <param name="stagedChanges">git's list of the staged changes (<see cref="StagedChange.ReadAll"/>), being computed
    /// while this reads the pointer cache: git's process and git-ml's own work run side by side on two cores, where one
    /// after the other added both times to every commit. The hook starts it before it even looks for the repository.</param>
    public static List<PreCommitViolation> Run(MlRepository repo, Task<List<StagedChange>> stagedChanges)
    {
        var cache = repo.PointerCache;
        var staged = stagedChanges.GetAwaiter().GetResult().Where(c => c.NewMode is "100644" or "100755").ToList();
        if (staged.Count == 0)
        {
            return [];
        }
        // Blobs the pointer cache knows as pointers (clean records every pointer it makes) are not read back from git:
        // a commit of thousands of freshly added files then starts no cat-file at all.
        // Blob ids stay bytes (GitOid) here: their text is made only for the few blobs read back from git.
        var known = new Dictionary<GitOid, Pointer>();
        var unknown = new List<string>();
        var seen = new HashSet<GitOid>();
        foreach (var change in staged)
        {
            if (!seen.Add(change.NewOid))
            {
                continue;
            }
            if (cache.TryGet(change.NewOid, out var pointer) && pointer is not null)
            {
                known[change.NewOid] = pointer;
            }
            else
            {
                unknown.Add(change.NewOid.ToString());
            }
        }
        var missing = MissingObjects(repo, [.. known.Values]);
        var violations = new List<PreCommitViolation>();
        var others = new List<StagedFile>();
        foreach (var c in staged)
        {
            if (known.TryGetValue(c.NewOid, out var pointer))
            {
                if (missing.Contains(pointer.Oid))
                {
                    violations.Add(new PreCommitViolation(c.Path, pointer.Size, PreCommitViolationKind.MissingObject, pointer.Oid.Hex));
                }
            }
            else
            {
                others.Add(new StagedFile(c.Path, c.NewOid.ToString(), 0, null));
            }
        }
        if (others.Count == 0)
        {
            // Only pointers git-ml made: no setting applies to them, so git config is not even read.
            return violations;
        }

        var settings = repo.Settings;
        var sizes = GitObjects.ReadSizes(repo.Git, unknown);
        var toRead = unknown.Where(oid => sizes.GetValueOrDefault(oid) <= settings.PreCommitMaxSize);
        var contents = GitObjects.ReadContents(repo.Git, toRead);
        var files = others.Select(f => f with { Size = sizes.GetValueOrDefault(f.Oid), Content = contents.GetValueOrDefault(f.Oid) }).ToList();

        violations.AddRange(Classify(files, settings, repo.Store.Contains));
        var withMarkers = UnresolvedMerges.WithMarkers(files);
        if (withMarkers.Count > 0)
        {
            var merge = GitAttributes.Read(repo.Git, "merge", withMarkers.Select(f => f.Path));
            violations.AddRange(UnresolvedMerges.Find(withMarkers, merge.GetValueOrDefault));
        }
        violations.AddRange(RawContentAtGitMlPaths(repo, files, violations));
        // Pointers the cache knew were checked first: path order again, as the report lists each kind.
        return [.. ExplainTrackedOnes(repo, violations).OrderBy(v => v.Path, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The objects among <paramref name="pointers"/>' that the local store lacks: one short stat each, relative to the
    /// open objects folder (<see cref="StorePresence"/>), on this thread. A commit of a whole data set asks thousands;
    /// spreading them over a thread pool cost more in threads started and paths built than the stats themselves.
    /// </summary>
    private static HashSet<ObjectId> MissingObjects(MlRepository repo, List<Pointer> pointers)
    {
        // One question per pointer, as they come: two staged blobs are two pointers, so an object is rarely asked twice.
        var present = StorePresence.Of(repo.Store, pointers, p => p.Oid);
        var missing = new HashSet<ObjectId>();
        for (int i = 0; i < pointers.Count; i++)
        {
            if (!present[i])
            {
                missing.Add(pointers[i].Oid);
            }
        }
        return missing;
    }

    /// <summary>
    /// Small files at git-ml paths staged around the filter (`git update-index --cacheinfo`, a repository that used
    /// git-lfs): Git would keep their bytes, or a git-lfs pointer git-ml cannot resolve. The empty blob is allowed:
    /// it is how git-ml stores an empty file.
    /// </summary>
    private static IEnumerable<PreCommitViolation> RawContentAtGitMlPaths(MlRepository repo, List<StagedFile> files, List<PreCommitViolation> found)
    {
        var flagged = found.Select(v => v.Path).ToHashSet(StringComparer.Ordinal);
        var candidates = files.Where(f => f.Content is { Length: > 0 } && !flagged.Contains(f.Path) && f.Pointer is null).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        var filters = GitAttributes.Read(repo.Git, "filter", candidates.Select(f => f.Path));
        return candidates.Where(f => filters.GetValueOrDefault(f.Path) == "ml")
            .Select(f => new PreCommitViolation(f.Path, f.Size, Pointer.IsGitLfsPointer(f.Content!) ? PreCommitViolationKind.GitLfsPointer : PreCommitViolationKind.NotCleaned));
    }

    /// <summary>A staged file: its content is null when it was too large to read.</summary>
    public sealed record StagedFile(string Path, string Oid, long Size, byte[]? Content)
    {
        private Pointer? _pointer;
        private bool _parsed;

        /// <summary>The pointer the content is, or null (not read, too large, or not a pointer); parsed once.</summary>
        public Pointer? Pointer
        {
            get
            {
                if (!_parsed)
                {
                    _pointer = Content is { Length: < Objects.Pointer.SizeLimit } small ? Objects.Pointer.ParseOrNull(small) : null;
                    _parsed = true;
                }
                return _pointer;
            }
        }
    }

    /// <summary>The pure part of the check: which staged files break the rules.</summary>
    public static List<PreCommitViolation> Classify(IEnumerable<StagedFile> files, MlSettings settings, Func<ObjectId, bool> storeHas)
    {
        var allowed = new GlobList(settings.PreCommitAllow);
        var violations = new List<PreCommitViolation>();
        foreach (var file in files)
        {
            if (file.Pointer is { } pointer)
            {
                if (!storeHas(pointer.Oid))
                {
                    violations.Add(new PreCommitViolation(file.Path, pointer.Size, PreCommitViolationKind.MissingObject, pointer.Oid.Hex));
                }
                continue;
            }
            if (allowed.IsMatch(file.Path))
            {
                continue;
            }
            if (file.Size > settings.PreCommitMaxSize)
            {
                violations.Add(new PreCommitViolation(file.Path, file.Size, PreCommitViolationKind.TooLarge));
            }
            else if (settings.PreCommitBlockBinary && file.Content is { } content && IsBinary(content))
            {
                violations.Add(new PreCommitViolation(file.Path, file.Size, PreCommitViolationKind.Binary));
            }
        }
        return violations;
    }

    public static bool IsBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeLength)].Contains((byte)0);

    /// <summary>A blocked file that matches a git-ml pattern was staged before it was tracked: say so, since the fix differs.</summary>
    private static List<PreCommitViolation> ExplainTrackedOnes(MlRepository repo, List<PreCommitViolation> violations)
    {
        var blocked = violations.Where(v => v.Kind is PreCommitViolationKind.TooLarge or PreCommitViolationKind.Binary).Select(v => v.Path).ToList();
        if (blocked.Count == 0)
        {
            return violations;
        }
        var filters = GitAttributes.Read(repo.Git, "filter", blocked);
        return violations.Select(v => filters.GetValueOrDefault(v.Path) == "ml" ? v with { Kind = PreCommitViolationKind.NotCleaned } : v).ToList();
    }
}
