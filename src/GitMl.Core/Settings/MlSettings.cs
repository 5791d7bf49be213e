namespace GitMl.Core.Settings;

/// <summary>The settings git-ml acts on, resolved from config and environment (see <see cref="SettingKeys"/>).</summary>
public sealed record MlSettings(long PreCommitMaxSize, bool PreCommitBlockBinary, IReadOnlyList<string> PreCommitAllow, bool SkipSmudge, bool FetchOnSmudge = true, bool MergeDropConflictingStages = false,
    long LargeCheckoutSize = Filters.LargeFileHandOff.DefaultThreshold)
{
    public const long DefaultPreCommitMaxSize = 1L << 20;

    public static MlSettings Defaults { get; } = new(DefaultPreCommitMaxSize, true, [], false);

    public static MlSettings From(Git.GitConfig config, Func<string, string?> environment)
    {
        bool skipFromEnvironment = environment(SettingKeys.SkipSmudgeEnvironment) is { } env && (Git.GitConfig.ParseBool(env) ?? true);
        return new MlSettings(
            config.GetSize(SettingKeys.PreCommitMaxSize) ?? DefaultPreCommitMaxSize,
            config.GetBool(SettingKeys.PreCommitBlockBinary) ?? true,
            config.GetAll(SettingKeys.PreCommitAllow),
            skipFromEnvironment || (config.GetBool(SettingKeys.SkipSmudge) ?? false),
            config.GetBool(SettingKeys.FetchOnSmudge) ?? true,
            config.GetBool(SettingKeys.MergeDropConflictingStages) ?? false,
            config.GetSize(SettingKeys.LargeCheckoutSize) ?? Filters.LargeFileHandOff.DefaultThreshold);
    }
}
