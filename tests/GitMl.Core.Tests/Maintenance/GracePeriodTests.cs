using GitMl.Core.Maintenance;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Maintenance;

/// <summary>
/// The grace period's rules: which times it protects (an unknown time is protected unless everything may go), where
/// its cutoff comes from (--prune over git config, never .mlconfig) and the relative forms git's gc takes.
/// </summary>
public sealed class GracePeriodTests
{
    private static readonly DateTime Cutoff = new(2026, 11, 20, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Protects_only_what_was_written_after_the_cutoff_and_an_unknown_time_unless_everything_may_go()
    {
        var period = new GracePeriod(Cutoff, "test");
        Assert.True(period.Protects(Cutoff.AddSeconds(1)));
        Assert.False(period.Protects(Cutoff));
        Assert.False(period.Protects(Cutoff.AddDays(-1)));
        Assert.True(period.Protects(null));

        var now = new GracePeriod(DateTime.MaxValue, "--prune=now");
        Assert.False(now.Protects(DateTime.UtcNow.AddYears(1)));
        Assert.False(now.Protects(null));

        var never = new GracePeriod(DateTime.MinValue, "--prune=never");
        Assert.True(never.Protects(new DateTime(1970, 1, 2, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(never.Protects(null));
    }

    [Fact]
    public void Describes_the_cutoff_and_where_it_came_from()
    {
        Assert.Equal("stored since 2026-11-20 22:00 UTC (ml.gc.pruneExpire = 2.weeks.ago)",
            new GracePeriod(Cutoff, "ml.gc.pruneExpire = 2.weeks.ago").Describe());
        Assert.Equal("kept whatever their age (--prune=never)", new GracePeriod(DateTime.MinValue, "--prune=never").Describe());
    }

    [Fact]
    public void Prune_option_wins_over_git_config_and_mlconfig_cannot_shorten_it()
    {
        using var fx = new GitRepoFixture();
        Assert.Equal("ml.gc.pruneExpire = 2.weeks.ago", GracePeriod.Resolve(fx.Repo, null).Setting);

        // A committed .mlconfig is written by whoever made the clone: it must not lift the grace period.
        fx.Write(".mlconfig", "[ml \"gc\"]\n\tpruneExpire = now\n");
        var fromClone = GracePeriod.Resolve(fx.Repo, null);
        Assert.NotEqual(DateTime.MaxValue, fromClone.Cutoff);

        fx.Git.Check(["config", GracePeriod.Key, "3.days.ago"]);
        var configured = GracePeriod.Resolve(fx.Repo, null);
        Assert.Equal("ml.gc.pruneExpire = 3.days.ago", configured.Setting);
        Assert.InRange(configured.Cutoff, DateTime.UtcNow.AddDays(-3).AddMinutes(-5), DateTime.UtcNow.AddDays(-3).AddMinutes(5));

        var given = GracePeriod.Resolve(fx.Repo, "now");
        Assert.Equal((DateTime.MaxValue, "--prune=now"), (given.Cutoff, given.Setting));
    }

    [Theory]
    [InlineData("2.weeks.ago", -14 * 24)]
    [InlineData("90.days.ago", -90 * 24)]
    [InlineData("3.hours.ago", -3)]
    [InlineData("1.week", -7 * 24)]
    public void Relative_forms_are_read_as_git_reads_them(string value, int hours)
    {
        using var fx = new GitRepoFixture();
        var cutoff = GitExpiryDate.Read(fx.Git, "gc.pruneExpire", "never", value);
        var expected = DateTime.UtcNow.AddHours(hours);
        Assert.InRange(cutoff, expected.AddMinutes(-5), expected.AddMinutes(5));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("never")]
    public void Never_and_false_expire_nothing(string value)
    {
        using var fx = new GitRepoFixture();
        Assert.Equal(DateTime.MinValue, GitExpiryDate.Read(fx.Git, "gc.pruneExpire", "now", value));
    }

    [Fact]
    public void An_absolute_date_with_its_zone_is_that_moment_in_UTC()
    {
        using var fx = new GitRepoFixture();
        Assert.Equal(new DateTime(2026, 1, 31, 10, 0, 0), GitExpiryDate.Read(fx.Git, "gc.pruneExpire", "now", "2026-01-31 12:00:00 +0200"));
        Assert.Equal(new DateTime(2025, 6, 1, 0, 0, 0), GitExpiryDate.Read(fx.Git, "gc.pruneExpire", "now", "Sun, 1 Jun 2025 00:00:00 +0000"));
    }
}
