namespace GitMl.Core.Settings;

/// <summary>
/// git-ml's settings. Each can be committed in the repository's .mlconfig (team defaults, git-config syntax)
/// and overridden in any git config file (local, global, system).
/// </summary>
public static class SettingKeys
{
    /// <summary>Files larger than this that git-ml does not track are blocked by pre-commit (default 1m).</summary>
    public const string PreCommitMaxSize = "ml.precommit.maxSize";

    /// <summary>Whether pre-commit blocks binary files that git-ml does not track, whatever their size (default true).</summary>
    public const string PreCommitBlockBinary = "ml.precommit.blockBinary";

    /// <summary>Glob patterns (gitignore syntax, one per value) of paths pre-commit lets into plain Git.</summary>
    public const string PreCommitAllow = "ml.precommit.allow";

    /// <summary>Leave pointers in the working tree instead of content (like GIT_ML_SKIP_SMUDGE=1).</summary>
    public const string SkipSmudge = "ml.skipSmudge";

    /// <summary>Whether checkout fetches content missing from the local store from the default data remote (default true).</summary>
    public const string FetchOnSmudge = "ml.fetchOnSmudge";

    /// <summary>
    /// Files at least this large are written by git-ml's post-checkout hook straight from the store rather than
    /// through git, which holds each smudged file whole in memory (default 32m; 0 sends every file through git).
    /// </summary>
    public const string LargeCheckoutSize = "ml.largeCheckoutSize";

    /// <summary>Path patterns (gitignore syntax, one per value) `git ml fetch` and `pull` limit themselves to by default.</summary>
    public const string FetchInclude = "ml.fetchInclude";

    /// <summary>Path patterns `git ml fetch` and `pull` leave out by default.</summary>
    public const string FetchExclude = "ml.fetchExclude";

    /// <summary>
    /// Whether the lock-file merge driver resolves a stage changed differently on both sides by dropping the stage's
    /// entry (so repro reruns it) instead of leaving conflict markers (default false; it says so loudly when it does).
    /// </summary>
    public const string MergeDropConflictingStages = "ml.merge.dropConflictingStages";

    /// <summary>Whether promoting a model version to Production requires its training data to be approved (default false).</summary>
    public const string RequireApprovedData = "ml.requireApprovedData";

    /// <summary>`git ml model prune` may delete a version archived at least this many days ago (no default: off).</summary>
    public const string RegistryArchivedRetentionDays = "ml.registry.archivedRetentionDays";

    /// <summary>`git ml model prune` may delete versions older than the newest N per model (no default: off).</summary>
    public const string RegistryKeepVersions = "ml.registry.keepVersions";

    /// <summary>`git ml serve`: the largest API request body it reads (default 16m).</summary>
    public const string ServeMaxRequestSize = "ml.serve.maxRequestSize";

    /// <summary>`git ml serve`: the largest artifact one upload may store (default 10g).</summary>
    public const string ServeMaxArtifactSize = "ml.serve.maxArtifactSize";

    /// <summary>The environment variable that skips smudge for one command.</summary>
    public const string SkipSmudgeEnvironment = "GIT_ML_SKIP_SMUDGE";

    /// <summary>The environment variable that traces git invocations, settings and transfer decisions (Diagnostics/MlTrace).</summary>
    public const string TraceEnvironment = "GIT_ML_TRACE";

    /// <summary>The environment variable that adds the stack trace to an unexpected error's report.</summary>
    public const string DebugEnvironment = "GIT_ML_DEBUG";

    /// <summary>The bearer token of `git ml serve` when --token is not given (<see cref="SessionSettings.ServeToken"/>).</summary>
    public const string ServeTokenEnvironment = "GIT_ML_SERVE_TOKEN";

    /// <summary>The committed settings file at the top of the working tree.</summary>
    public const string CommittedFile = ".mlconfig";
}
