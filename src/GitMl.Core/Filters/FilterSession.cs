using GitMl.Core.Install;
using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Core.Transfer;
using GitMl.Protocol.FilterProcess;

namespace GitMl.Core.Filters;

/// <summary>
/// One run of `git-ml filter-process`: git starts it once per command and sends every file through it. Before
/// serving it does the cheap upkeep that needs no separate command (hooks a fresh clone lacks, temporary files
/// left by killed writers); when git closes the pipe it makes every stored object durable before exiting, so
/// `git add` returns only once the content is safely on disk.
/// </summary>
public static class FilterSession
{
    /// <param name="terminal">Where to draw progress for large files (stderr when it is a terminal), or null.</param>
    public static void Run(MlRepository repo, IBlobStoreFactory stores, Stream input, Stream output, TextWriter diagnostics, TextWriter? terminal)
    {
        TryUpkeep(repo, diagnostics);
        var handOff = new Lazy<LargeFileHandOff?>(() => LargeFileHandOff.ForSession(repo.Layout, repo.Settings.LargeCheckoutSize, LargeFileHandOff.ParentCommandLine()));
        var filter = Create(repo, stores, diagnostics, terminal, handOff);
        var server = new FilterProcessServer(input, output, filter,
            (request, e) => diagnostics.WriteLine($"git-ml: error: {request.Command.ToString().ToLowerInvariant()} of '{request.Pathname}' failed: {UserMessage.Of(e)}"));
        try
        {
            server.Run();
        }
        finally
        {
            repo.Store.Sync();
            RememberPointers(repo, filter.Cleaned);
        }
    }

    /// <summary>
    /// The blobs clean just made are pointers, and their ids follow from their bytes: recording them in the pointer
    /// cache spares the pre-commit hook and `git ml status` reading them back from git right after `git add`.
    /// </summary>
    private static void RememberPointers(MlRepository repo, IReadOnlyList<(byte[] Blob, Pointer Pointer)> cleaned)
    {
        if (cleaned.Count == 0)
        {
            return;
        }
        try
        {
            string? format = repo.Config.Get("extensions.objectFormat");
            var cache = Tracking.PointerCache.Load(Tracking.PointerCache.PathIn(repo));
            foreach (var (blob, pointer) in cleaned)
            {
                cache.Remember(GitMl.Git.GitObjects.BlobId(blob, format), pointer);
            }
            cache.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Only a cache, written from a finally block: failing to update it must not hide the session's own outcome.
        }
    }

    /// <summary>The filter as configured for this repository (also used by the one-shot clean and smudge).</summary>
    public static MlFilter Create(MlRepository repo, IBlobStoreFactory stores, TextWriter diagnostics, TextWriter? terminal = null, Lazy<LargeFileHandOff?>? handOff = null) =>
        new(repo.Store, repo.Settings.SkipSmudge, () => Sources(repo, stores), diagnostics, terminal, handOff, WrittenFiles.For(repo.Layout));

    /// <summary>
    /// Where smudge looks for content the store lacks, in order: the stores of git remotes on this machine, then
    /// the default data remote (unless ml.fetchOnSmudge is false). Asked only when an object is missing.
    /// </summary>
    private static List<IObjectSource> Sources(MlRepository repo, IBlobStoreFactory stores)
    {
        var sources = LocalRemoteStores.Find(repo.Config, repo.Layout.WorkTree ?? repo.Layout.GitDirectory);
        if (repo.Settings.FetchOnSmudge && repo.Layout.WorkTree is not null && new DataRemotes(repo).DefaultOrNull() is { } remote)
        {
            sources.Add(new RemoteObjectSource(repo, remote, stores));
        }
        return sources;
    }

    private static void TryUpkeep(MlRepository repo, TextWriter diagnostics)
    {
        try
        {
            InstallService.InstallMissingHooks(repo.Layout);
            repo.Store.RemoveStaleTemporaryFiles(Storage.IO.Leftovers.Age);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Upkeep must never fail a checkout; say what happened and go on.
            diagnostics.WriteLine($"git-ml: warning: {UserMessage.Of(e)}");
        }
    }
}
