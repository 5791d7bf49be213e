using GitMl.Core.Locks;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// A pipeline's outputs are what `repro` deletes before a stage runs and overwrites when it restores a run, so
/// whoever wrote the pipeline file chooses what git-ml deletes. This is the one gate for that. <see cref="Check"/>
/// validates every declared output of every stage (outs, metrics and plots) when the pipeline is loaded, before
/// anything runs, and refuses the whole pipeline, naming file, stage, output and why, when an output:
/// - is not git-ml's to delete at all (<see cref="WorkTreeGuard"/>: outside the working tree, the top of it, in Git's
///   directory, or reached through a symbolic link that leads to one of those), or is the pipeline or lock file;
/// - is cached (the default) but Git tracks content in it as ordinary files, not as git-ml pointers: deleting it
///   would destroy uncommitted edits (DVC refuses these as "already tracked by SCM"). Files git-ml stores (pointer
///   blobs in the index) are the output's own.
/// Outputs with cache: false that Git tracks (metrics committed to Git, DVC's usual layout) are allowed but "kept by
/// Git": git-ml never deletes them before a run (the command rewrites them), and the run cache writes over them only
/// when they hold what the lock file recorded. Every deletion and write then goes through <see cref="Remove"/> and
/// <see cref="PathForWriting"/>, which check the file system again at that moment. Whether Git tracks an output is
/// asked once for the whole pipeline (one `git ls-files` over every output), not per stage.
/// </summary>
public sealed class OutputGuard
{
    private const string Footer =
        "Nothing was run or deleted: git-ml deletes a stage's outputs before running it, so outputs must be paths the stage itself produces.";

    private readonly WorkTreeGuard _paths;
    private readonly HashSet<string> _keptByGit;

    private OutputGuard(WorkTreeGuard paths, HashSet<string> keptByGit)
    {
        _paths = paths;
        _keptByGit = keptByGit;
    }

    private sealed record Declared(StageSpec Stage, OutputSpec Output, string Path);

    /// <param name="index">The index as the command read it already (status shares one with its data status), or null to ask git.</param>
    /// <exception cref="PipelineFormatException">An output is not git-ml's to delete; the message names every one.</exception>
    public static OutputGuard Check(MlRepository repo, PipelineSpec pipeline, IndexSnapshot? index = null)
    {
        var paths = WorkTreeGuard.For(repo);
        string lockFile = LockFileStore.PathFor(pipeline.FilePath);
        var problems = new List<(Declared Output, string Why)>();
        var candidates = new List<Declared>();
        var links = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages)
        {
            string folder = new StagePaths(pipeline, stage).WorkingDirectory;
            foreach (var output in stage.Outs)
            {
                var declared = new Declared(stage, output, PipelinePaths.Join(folder, output.Path));
                string? why = paths.Refusal(declared.Path, links)
                    ?? (declared.Path == pipeline.FilePath ? "is the pipeline file" : declared.Path == lockFile ? "is the lock file" : null);
                if (why is null)
                {
                    candidates.Add(declared);
                }
                else
                {
                    problems.Add((declared, why));
                }
            }
        }
        var keptByGit = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (declared, ordinary, count) in TrackedAsOrdinaryContent(repo, candidates, index))
        {
            if (declared.Output.Cache)
            {
                string files = count == 1 ? ordinary : $"{ordinary} and {count - 1} more file(s) in it";
                problems.Add((declared, $"is a stage output, but Git tracks {files} as ordinary content (not a git-ml pointer), so deleting it would lose uncommitted edits " +
                    $"(DVC refuses this as \"already tracked by SCM\"); if the stage really produces it, stop tracking it in Git first: git rm -r --cached {declared.Path}"));
            }
            else
            {
                keptByGit.Add(declared.Path);
            }
        }
        if (problems.Count > 0)
        {
            var ordered = problems.OrderBy(p => p.Output.Stage.Line).ToList();
            string Line((Declared Output, string Why) p) => $"stage {p.Output.Stage.Name}: output '{p.Output.Output.Path}' {p.Why}";
            string rest = string.Concat(ordered.Skip(1).Select(p => $"\n{pipeline.FilePath}:{p.Output.Stage.Line}: {Line(p)}"));
            throw new PipelineFormatException(pipeline.FilePath, ordered[0].Output.Stage.Line, Line(ordered[0]) + rest + "\n" + Footer);
        }
        return new OutputGuard(paths, keptByGit);
    }

    /// <summary>True for a cache: false output Git tracks as ordinary content: its stage's command rewrites it, git-ml does not delete it.</summary>
    /// <param name="path">Relative to the top of the working tree (<see cref="StagePaths.Resolve"/>).</param>
    public bool IsKeptByGit(string path) => _keptByGit.Contains(path);

    /// <summary>
    /// Deletes an output (relative to the top of the working tree) before its stage runs or is restored. An output
    /// kept by Git is left alone unless <paramref name="asRecorded"/>: the caller checked that it holds what the
    /// lock file recorded, git-ml's own last result.
    /// </summary>
    /// <exception cref="UnsafePathException">The output now leads somewhere git-ml does not delete (an earlier stage made it a symbolic link).</exception>
    public void Remove(string path, bool asRecorded = false)
    {
        if (!asRecorded && IsKeptByGit(path))
        {
            return;
        }
        _paths.Delete(path);
    }

    /// <summary>The full path to write a file of an output to (a run cache restore), checked at this moment.</summary>
    /// <exception cref="UnsafePathException">It leads somewhere git-ml does not write.</exception>
    public string PathForWriting(string path) => _paths.Require(path);

    /// <summary>Why an output may not be read and stored as it is now (a stage's command made it a link out of bounds), or null.</summary>
    public string? Refusal(string path) => _paths.Refusal(path);

    /// <summary>
    /// Each output Git tracks something in as ordinary content (not a git-ml pointer), with the first such file
    /// and how many. One `git ls-files` for all outputs, or none when the command read the whole index already; whether
    /// a blob is a pointer comes from the pointer cache.
    /// </summary>
    private static IEnumerable<(Declared Output, string First, int Count)> TrackedAsOrdinaryContent(MlRepository repo, List<Declared> outputs, IndexSnapshot? index)
    {
        if (outputs.Count == 0)
        {
            return [];
        }
        var byPath = outputs.GroupBy(o => o.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var ordinary = index is null ? OrdinaryEntries(repo, byPath.Keys) : OrdinaryEntries(index);
        // The outputs holding each entry: the entry's path and each folder above it (what `git ls-files -- :(literal)OUTPUT`
        // matches), looked up over spans: with a shared snapshot this runs over every ordinary file of the index.
        var lookup = byPath.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new Dictionary<Declared, (string First, int Count)>();
        foreach (var entry in ordinary)
        {
            for (ReadOnlySpan<char> path = entry.Path; path.Length > 0; path = path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : [])
            {
                if (!lookup.TryGetValue(path, out var holders))
                {
                    continue;
                }
                foreach (var output in holders)
                {
                    found[output] = found.TryGetValue(output, out var known) ? (known.First, known.Count + 1) : (entry.Path, 1);
                }
            }
        }
        return found.Select(f => (f.Key, f.Value.First, f.Value.Count));
    }

    /// <summary>The entries under <paramref name="paths"/> that are not git-ml pointers, from one `git ls-files`.</summary>
    private static IEnumerable<IndexEntry> OrdinaryEntries(MlRepository repo, IEnumerable<string> paths)
    {
        var entries = IndexEntry.ReadAll(repo.Git, paths.Select(p => ":(literal)" + p));
        if (entries.Count == 0)
        {
            return [];
        }
        var pointers = TrackedFile.PointerBlobs(repo, entries.Where(e => e.IsRegularFile).Select(e => e.Oid));
        return entries.Where(e => !e.IsRegularFile || !pointers.Contains(e.Oid));
    }

    /// <summary>Every entry of the snapshot that is not a git-ml pointer (classified once for the whole command).</summary>
    private static IEnumerable<IndexEntry> OrdinaryEntries(IndexSnapshot index)
    {
        var entries = index.Entries;
        var pointers = index.Pointers;
        for (int i = 0; i < entries.Count; i++)
        {
            if (pointers[i] is null)
            {
                yield return entries[i];
            }
        }
    }
}
