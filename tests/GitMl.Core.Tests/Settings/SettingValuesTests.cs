using GitMl.Core.Runs;
using GitMl.Core.Settings;
using GitMl.Git;

namespace GitMl.Core.Tests.Settings;

/// <summary>The rule for typed settings: someone else's .mlconfig can only cause warnings; the user's own config can
/// stop a command the user typed, never the filter or a hook.</summary>
public sealed class SettingValuesTests
{
    private readonly List<string> _warnings = [];

    private SettingValues Values(string committed, string user, bool strict) =>
        new(GitConfig.Parse(committed), GitConfig.Parse(user), strict, _warnings.Add);

    [Fact]
    public void A_bad_committed_value_is_a_warning_naming_file_key_value_and_default_even_for_a_typed_command()
    {
        var values = Values("ml.largecheckoutsize\nabc\0", "", strict: true);

        Assert.Equal(32L << 20, values.Size(SettingKeys.LargeCheckoutSize, 32L << 20));
        string warning = Assert.Single(_warnings);
        Assert.Equal("git-ml: warning: .mlconfig: ml.largeCheckoutSize = 'abc' is not a size (examples: 500k, 1m, 2g); using the default (32m).", warning);
    }

    [Fact]
    public void Each_bad_key_is_told_once()
    {
        var values = Values("ml.skipsmudge\nperhaps\0", "", strict: false);

        Assert.False(values.Bool(SettingKeys.SkipSmudge, false));
        Assert.False(values.Bool(SettingKeys.SkipSmudge, false));
        Assert.Single(_warnings);
    }

    [Fact]
    public void A_bad_value_in_the_users_own_config_stops_a_typed_command_naming_key_and_value()
    {
        var values = Values("", "ml.precommit.maxsize\nzzz\0", strict: true);

        var e = Assert.Throws<FormatException>(() => values.Size(SettingKeys.PreCommitMaxSize, 1L << 20));
        Assert.Contains("ml.precommit.maxSize", e.Message, StringComparison.Ordinal);
        Assert.Contains("'zzz'", e.Message, StringComparison.Ordinal);
        Assert.Contains("git config --show-origin", e.Message, StringComparison.Ordinal);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void A_bad_value_in_the_users_own_config_is_a_warning_for_git_filter_and_hooks()
    {
        var values = Values("", "ml.precommit.maxsize\nzzz\0", strict: false);

        Assert.Equal(1L << 20, values.Size(SettingKeys.PreCommitMaxSize, 1L << 20));
        Assert.Contains("git config: ml.precommit.maxSize = 'zzz'", Assert.Single(_warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void The_users_value_wins_over_the_committed_one_and_a_good_one_hides_a_bad_committed_one()
    {
        var values = Values("ml.largecheckoutsize\nabc\0ml.fetchonsmudge\nno\0", "ml.largecheckoutsize\n1m\0", strict: true);

        Assert.Equal(1L << 20, values.Size(SettingKeys.LargeCheckoutSize, 32L << 20));
        Assert.False(values.Bool(SettingKeys.FetchOnSmudge, true));
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Counts_are_off_when_unset_or_bad_and_need_their_minimum()
    {
        var values = Values("ml.registry.keepversions\n0\0ml.registry.archivedretentiondays\n30\0", "", strict: true);

        Assert.Null(values.Count(SettingKeys.RegistryKeepVersions, minimum: 1));
        Assert.Equal(30, values.Count(SettingKeys.RegistryArchivedRetentionDays, minimum: 0));
        Assert.Null(values.Count("ml.unset", minimum: 0));
        Assert.Contains("is not a whole number of at least 1; using the default (off)", Assert.Single(_warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_committed_value_cannot_drive_the_terminal()
    {
        var values = Values("ml.skipsmudge\n\u001b]0;owned\u0007\0", "", strict: true);

        values.Bool(SettingKeys.SkipSmudge, false);
        string warning = Assert.Single(_warnings);
        Assert.DoesNotContain('\u001b', warning);
        Assert.Contains("\\x1b]0;owned\\x07", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_typed_setting_is_read_through_the_rule()
    {
        var bad = string.Concat(new[]
        {
            SettingKeys.PreCommitMaxSize, SettingKeys.PreCommitBlockBinary, SettingKeys.SkipSmudge, SettingKeys.FetchOnSmudge,
            SettingKeys.MergeDropConflictingStages, SettingKeys.LargeCheckoutSize, SettingKeys.RequireApprovedData,
            SettingKeys.RegistryArchivedRetentionDays, SettingKeys.RegistryKeepVersions,
        }.Select(k => $"{GitConfig.NormaliseKey(k)}\nabc\0"));

        var settings = MlSettings.From(Values(bad, "", strict: true), _ => null, []);

        Assert.Equal(MlSettings.Defaults, settings with { PreCommitAllow = MlSettings.Defaults.PreCommitAllow });
        Assert.Equal(9, _warnings.Count);
    }

    /// <summary>The GIT_ML_* variables that change what a command does are read in the one place settings are.</summary>
    [Theory]
    [InlineData(null, null, false, null)]
    [InlineData("1", "Production", true, "Production")]
    [InlineData("true", "", true, null)]
    [InlineData("0", "Staging", false, "Staging")]
    [InlineData("false", null, false, null)]
    [InlineData("yes-please", null, true, null)]
    public void Environment_variables_are_settings_too(string? skipPush, string? modelStage, bool expectedSkip, string? expectedStage)
    {
        var environment = new Dictionary<string, string?> { ["GIT_ML_SKIP_PUSH"] = skipPush, ["GIT_ML_MODEL_STAGE"] = modelStage };
        var settings = MlSettings.From(Values("", "", strict: true), name => environment.GetValueOrDefault(name), []);
        Assert.Equal(expectedSkip, settings.SkipPush);
        Assert.Equal(expectedStage, settings.ModelStage);
    }

    [Fact]
    public void A_run_inside_a_run_learns_its_parent_from_the_settings()
    {
        string parent = RunId.New().Hex;
        var inside = MlSettings.From(Values("", "", strict: true), name => name == "GIT_ML_RUN_ID" ? parent : null, []);
        Assert.Equal(parent, inside.ParentRunId);
        Assert.Null(MlSettings.From(Values("", "", strict: true), name => name == "GIT_ML_RUN_ID" ? "" : null, []).ParentRunId);
    }
}
