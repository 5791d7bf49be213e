using GitMl.Core.Objects;
using GitMl.Core.Settings;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Hooks;

/// <summary>
/// What pre-commit checks: every staged file that git-ml does not track must be small and text, every staged
/// pointer must have its object in the local store, and no lock or params file may keep conflict markers. It reads what it needs in three git calls whatever the
/// number of files (a diff of the index against HEAD, then sizes and small contents in batches), so a commit of
/// thousands of files stays fast.
/// </summary>
public static class PreCommitCheck
{
    /// <summary>Git's own binary test: a NUL byte in the first 8000 bytes.</summary>
    private const int BinaryProbeLength = 8000;

    public static List<PreCommitViolation> Run(MlRepository repo)
    {
        var staged = StagedChange.ReadAll(repo.Git).Where(c => c.NewMode is "100644" or "100755").ToList();
        if (staged.Count == 0)
        {
            return [];
        }
        var settings = repo.Settings;
        // Blobs the pointer cache knows as pointers (clean records every pointer it makes) are not read back from git:
        // a commit of thousands of freshly added files then starts no cat-file at all.
        var cache = PointerCache.Load(PointerCache.PathIn(repo));
        var known = new Dictionary<string, Pointer>(StringComparer.Ordinal);
        foreach (var change in staged)
        {
            if (cache.TryGet(change.NewOid, out var pointer) && pointer is not null)
            {
                known[change.NewOid] = pointer;
            }
        }
        var unknown = staged.Select(c => c.NewOid).Where(oid => !known.ContainsKey(oid)).Distinct(StringComparer.Ordinal).ToList();
        var sizes = unknown.Count == 0 ? [] : GitObjects.ReadSizes(repo.Git, unknown);
        var toRead = unknown.Where(oid => sizes.GetValueOrDefault(oid) <= settings.PreCommitMaxSize);
        var contents = GitObjects.ReadContents(repo.Git, toRead);
        var files = staged.Select(c => known.TryGetValue(c.NewOid, out var pointer)
            ? StagedFile.OfPointer(c.Path, c.NewOid, pointer)
            : new StagedFile(c.Path, c.NewOid, sizes.GetValueOrDefault(c.NewOid), contents.GetValueOrDefault(c.NewOid))).ToList();

        var violations = Classify(files, settings, repo.Store.Contains);
        var withMarkers = UnresolvedMerges.WithMarkers(files);
        if (withMarkers.Count > 0)
        {
            var merge = GitAttributes.Read(repo.Git, "merge", withMarkers.Select(f => f.Path));
            violations.AddRange(UnresolvedMerges.Find(withMarkers, merge.GetValueOrDefault));
        }
        violations.AddRange(RawContentAtGitMlPaths(repo, files, violations));
        return ExplainTrackedOnes(repo, violations);
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

        /// <summary>A blob known to be this pointer (the pointer cache): its bytes are the pointer's, parsed already.</summary>
        public static StagedFile OfPointer(string path, string oid, Pointer pointer)
        {
            byte[] bytes = pointer.Encode();
            return new StagedFile(path, oid, bytes.Length, bytes) { _pointer = pointer, _parsed = true };
        }

        /// <summary>The pointer the content is, or null (not read, too large, or not a pointer); parsed once.</summary>
        public Pointer? Pointer
        {
            get
            {
                if (!_parsed)
                {
                    _pointer = Content is { Length: < Objects.Pointer.SizeLimit } small ? Objects.Pointer.TryParse(small, out _) : null;
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
