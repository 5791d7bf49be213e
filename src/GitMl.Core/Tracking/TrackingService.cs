using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>
/// `git ml track`, `untrack` and `add`: which paths go through git-ml, kept in the top-level .gitattributes so
/// the rules travel with the repository.
/// </summary>
public sealed class TrackingService(MlRepository repo)
{
    public string AttributesPath => Path.Combine(repo.WorkTree, ".gitattributes");

    public sealed record TrackResult(IReadOnlyList<string> Added, IReadOnlyList<string> AlreadyTracked, IReadOnlyList<string> NeedRestaging);

    public sealed record UntrackResult(IReadOnlyList<string> Removed, IReadOnlyList<string> NotTracked);

    /// <summary>A pattern that sends files through git-ml, and the attributes file that says so.</summary>
    public sealed record TrackedPattern(string Pattern, string Source);

    public sealed record AddResult(IReadOnlyList<string> NewPatterns, IReadOnlyList<TrackedFile> Files);

    public TrackResult Track(IEnumerable<string> patterns)
    {
        var file = AttributesFile.Load(AttributesPath);
        var added = new List<string>();
        var already = new List<string>();
        foreach (string pattern in patterns)
        {
            (file.Track(pattern) ? added : already).Add(pattern);
        }
        // Tracking is when a repository starts using git-ml: lock files and params.yaml get its merge drivers then too.
        bool mergeDrivers = file.EnsureMergeDrivers();
        if (added.Count > 0 || mergeDrivers)
        {
            file.Save();
        }
        // And its hooks, where it has none (a global install): content staged around the filter before any filter
        // ran (`git update-index --cacheinfo`) still meets pre-commit.
        Install.InstallService.InstallMissingHooks(repo.Layout);
        return new TrackResult(added, already, FilesNeedingRestage(null));
    }

    public UntrackResult Untrack(IEnumerable<string> patterns)
    {
        var file = AttributesFile.Load(AttributesPath);
        var removed = new List<string>();
        var missing = new List<string>();
        foreach (string pattern in patterns)
        {
            (file.Untrack(pattern) ? removed : missing).Add(pattern);
        }
        if (removed.Count > 0)
        {
            file.Save();
        }
        return new UntrackResult(removed, missing);
    }

    /// <summary>Every git-ml pattern in the repository's attributes files: the top one, nested ones, and .git/info/attributes.</summary>
    public List<TrackedPattern> List()
    {
        var sources = new List<string> { ".gitattributes" };
        sources.AddRange(GitIndex.ListFiles(repo.Git, ":(glob)**/.gitattributes").Where(p => p != ".gitattributes"));
        var patterns = new List<TrackedPattern>();
        foreach (string relative in sources)
        {
            string directory = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? "";
            foreach (string pattern in AttributesFile.Load(Path.Combine(repo.WorkTree, relative)).TrackedPatterns())
            {
                patterns.Add(new TrackedPattern(directory.Length == 0 ? pattern : $"{directory}/{pattern}", relative));
            }
        }
        string info = Path.Combine(repo.Layout.CommonDirectory, "info", "attributes");
        patterns.AddRange(AttributesFile.Load(info).TrackedPatterns().Select(p => new TrackedPattern(p, ".git/info/attributes")));
        return patterns;
    }

    /// <summary>
    /// Tracks each path (a directory: everything under it) unless a pattern already covers it, then stages the
    /// paths and .gitattributes through git-ml. Files Git already holds in full are staged again so they become
    /// pointers.
    /// </summary>
    /// <exception cref="Install.FilterNotConfiguredException">Git would store the files as they are: nothing is changed.</exception>
    public AddResult Add(IReadOnlyList<string> paths, string currentDirectory)
    {
        if (!repo.FilterConfigured)
        {
            throw new Install.FilterNotConfiguredException();
        }
        var relative = paths.Select(p => ToRepositoryPath(p, currentDirectory)).ToList();
        var filters = GitAttributes.Read(repo.Git, "filter", relative);
        var file = AttributesFile.Load(AttributesPath);
        var newPatterns = new List<string>();
        foreach (string path in relative.Where(p => filters.GetValueOrDefault(p) != "ml"))
        {
            string pattern = Directory.Exists(Path.Combine(repo.WorkTree, path))
                ? AttributePattern.ForLiteralPath(path.TrimEnd('/')) + "/**"
                : AttributePattern.ForLiteralPath(path);
            if (file.Track(pattern))
            {
                newPatterns.Add(pattern);
            }
        }
        if (newPatterns.Count > 0)
        {
            file.Save();
        }

        var restage = FilesNeedingRestage(relative);
        if (restage.Count > 0)
        {
            GitIndex.Add(repo.Git, restage, renormalize: true);
        }
        GitIndex.Add(repo.Git, [".gitattributes", .. relative]);
        return new AddResult(newPatterns, TrackedFile.FromIndex(repo, relative));
    }

    /// <summary>Files in the index that match a git-ml pattern but are stored in full (staged before they were tracked).</summary>
    public List<string> FilesNeedingRestage(IReadOnlyList<string>? pathspecs)
    {
        var entries = IndexEntry.ReadAll(repo.Git, pathspecs).Where(e => e.Stage == 0 && e.IsRegularFile).ToList();
        if (entries.Count == 0)
        {
            return [];
        }
        var filters = GitAttributes.Read(repo.Git, "filter", entries.Select(e => e.Path));
        var tracked = entries.Where(e => filters.GetValueOrDefault(e.Path) == "ml").ToList();
        var pointers = TrackedFile.ReadPointers(repo.Git, tracked.Select(e => e.Oid));
        return tracked.Where(e => !pointers.ContainsKey(e.Oid)).Select(e => e.Path).ToList();
    }

    private string ToRepositoryPath(string path, string currentDirectory)
    {
        string full = Path.GetFullPath(path, currentDirectory);
        string relative = Path.GetRelativePath(repo.WorkTree, full).Replace('\\', '/');
        if (relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{path}' is outside the repository at {repo.WorkTree}");
        }
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"'{path}' does not exist", full);
        }
        return relative;
    }
}
