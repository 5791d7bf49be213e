namespace GitMl.Core.Settings;

/// <summary>The settings git-ml acts on, resolved from config and environment (see <see cref="SettingKeys"/>).</summary>
public sealed record MlSettings(long PreCommitMaxSize, bool PreCommitBlockBinary, IReadOnlyList<string> PreCommitAllow, bool SkipSmudge, bool FetchOnSmudge = true, bool MergeDropConflictingStages = false,
    long LargeCheckoutSize = Filters.LargeFileHandOff.DefaultThreshold)
{
    public const long DefaultPreCommitMaxSize = 1L << 20;
    public const long DefaultServeMaxRequestSize = 16L << 20;
    public const long DefaultServeMaxArtifactSize = 10L << 30;

    public static MlSettings Defaults { get; } = new(DefaultPreCommitMaxSize, true, [], false);

    /// <summary>Whether promotion to Production requires approved data (<see cref="SettingKeys.RequireApprovedData"/>).</summary>
    public bool RequireApprovedData { get; init; }

    /// <summary>`git ml model prune` may delete a version archived at least this many days ago; null: off.</summary>
    public int? RegistryArchivedRetentionDays { get; init; }

    /// <summary>`git ml model prune` may delete versions older than the newest N per model; null: off.</summary>
    public int? RegistryKeepVersions { get; init; }

    /// <summary>`git ml serve` refuses a request body (other than an artifact upload) larger than this (<see cref="SettingKeys.ServeMaxRequestSize"/>).</summary>
    public long ServeMaxRequestSize { get; init; } = DefaultServeMaxRequestSize;

    /// <summary>`git ml serve` refuses an artifact upload larger than this (<see cref="SettingKeys.ServeMaxArtifactSize"/>).</summary>
    public long ServeMaxArtifactSize { get; init; } = DefaultServeMaxArtifactSize;

    /// <summary>GIT_ML_SKIP_PUSH: `git push` sends commits without uploading their data, on purpose.</summary>
    public bool SkipPush { get; init; }

    /// <summary>GIT_ML_MODEL_STAGE: the stage `models:/NAME` alone means, or null.</summary>
    public string? ModelStage { get; init; }

    /// <summary>GIT_ML_RUN_ID: the run a `git ml run` inside another run's command records as its parent, or null.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>
    /// Every typed setting, read through <paramref name="values"/>, which decides what a bad value does (a warning
    /// with the default, or for a command the user typed, an error when the value is in their own git config).
    /// </summary>
    public static MlSettings From(SettingValues values, Func<string, string?> environment, IReadOnlyList<string> preCommitAllow)
    {
        bool skipFromEnvironment = environment(SettingKeys.SkipSmudgeEnvironment) is { } env && (Git.GitConfig.ParseBool(env) ?? true);
        if (skipFromEnvironment)
        {
            Diagnostics.MlTrace.Write("setting", $"{SettingKeys.SkipSmudge} = true from {SettingKeys.SkipSmudgeEnvironment}");
        }
        return new MlSettings(
            values.Size(SettingKeys.PreCommitMaxSize, DefaultPreCommitMaxSize),
            values.Bool(SettingKeys.PreCommitBlockBinary, true),
            preCommitAllow,
            skipFromEnvironment || values.Bool(SettingKeys.SkipSmudge, false),
            values.Bool(SettingKeys.FetchOnSmudge, true),
            values.Bool(SettingKeys.MergeDropConflictingStages, false),
            values.Size(SettingKeys.LargeCheckoutSize, Filters.LargeFileHandOff.DefaultThreshold))
        {
            RequireApprovedData = values.Bool(SettingKeys.RequireApprovedData, false),
            RegistryArchivedRetentionDays = values.Count(SettingKeys.RegistryArchivedRetentionDays, minimum: 0),
            RegistryKeepVersions = values.Count(SettingKeys.RegistryKeepVersions, minimum: 1),
            ServeMaxRequestSize = values.Size(SettingKeys.ServeMaxRequestSize, DefaultServeMaxRequestSize),
            ServeMaxArtifactSize = values.Size(SettingKeys.ServeMaxArtifactSize, DefaultServeMaxArtifactSize),
            SkipPush = environment(Transfer.PrePushUpload.SkipEnvironment) is { Length: > 0 } skip && (Git.GitConfig.ParseBool(skip) ?? true),
            ModelStage = environment(Registry.ModelUri.StageEnvironment) is { Length: > 0 } stage ? stage : null,
            ParentRunId = environment(Runs.ExperimentRunner.RunIdVariable) is { Length: > 0 } parent ? parent : null,
        };
    }
}
