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
        var sizes = GitObjects.ReadSizes(repo.Git, staged.Select(c => c.NewOid));
        var toRead = staged.Where(c => sizes.GetValueOrDefault(c.NewOid) <= settings.PreCommitMaxSize).Select(c => c.NewOid);
        var contents = GitObjects.ReadContents(repo.Git, toRead);
        var files = staged.Select(c => new StagedFile(c.Path, c.NewOid, sizes.GetValueOrDefault(c.NewOid), contents.GetValueOrDefault(c.NewOid))).ToList();

        var violations = Classify(files, settings, repo.Store.Contains);
        var withMarkers = UnresolvedMerges.WithMarkers(files);
        if (withMarkers.Count > 0)
        {
            var merge = GitAttributes.Read(repo.Git, "merge", withMarkers.Select(f => f.Path));
            violations.AddRange(UnresolvedMerges.Find(withMarkers, merge.GetValueOrDefault));
        }
        return ExplainTrackedOnes(repo, violations);
    }

    /// <summary>A staged file: its content is null when it was too large to read.</summary>
    public sealed record StagedFile(string Path, string Oid, long Size, byte[]? Content);

    /// <summary>The pure part of the check: which staged files break the rules.</summary>
    public static List<PreCommitViolation> Classify(IEnumerable<StagedFile> files, MlSettings settings, Func<ObjectId, bool> storeHas)
    {
        var allowed = new GlobList(settings.PreCommitAllow);
        var violations = new List<PreCommitViolation>();
        foreach (var file in files)
        {
            if (file.Content is { Length: < Pointer.SizeLimit } small && Pointer.TryParse(small, out _) is { } pointer)
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
