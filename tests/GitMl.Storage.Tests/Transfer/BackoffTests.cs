using GitMl.Storage.Transfer;

namespace GitMl.Storage.Tests.Transfer;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(2, 800)]
    [InlineData(7, 25_600)]
    [InlineData(8, 30_000)] // capped at MaxDelay
    [InlineData(1_000_000, 30_000)] // no overflow however many retries
    public void The_ceiling_doubles_with_each_retry_up_to_MaxDelay(int retry, int ceilingMs)
    {
        var atCeiling = new Backoff(Base, Max, () => 1.0);
        var atFloor = new Backoff(Base, Max, () => 0.0);

        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs), atCeiling.Before(retry, null));
        Assert.Equal(TimeSpan.Zero, atFloor.Before(retry, null));
    }

    [Fact]
    public void Waits_are_spread_between_zero_and_the_ceiling()
    {
        var backoff = new Backoff(Base, Max, new Random(42).NextDouble);

        var waits = Enumerable.Range(0, 1000).Select(_ => backoff.Before(3, null)).ToList();

        Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromMilliseconds(1600)));
        Assert.True(waits.Distinct().Count() > 900, "jitter should make nearly every wait different");
        Assert.InRange(waits.Average(w => w.TotalMilliseconds), 700, 900);
    }

    [Theory]
    [InlineData(5, 5_000)] // Retry-After is a floor...
    [InlineData(3600, 30_000)] // ...capped at MaxDelay
    public void Retry_After_sets_a_floor_capped_at_MaxDelay(int retryAfterSeconds, int expectedMs)
    {
        var backoff = new Backoff(Base, Max, () => 0.0);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), backoff.Before(0, TimeSpan.FromSeconds(retryAfterSeconds)));
    }

    [Fact]
    public void A_jittered_wait_longer_than_Retry_After_is_kept()
    {
        var backoff = new Backoff(Base, Max, () => 1.0);

        Assert.Equal(TimeSpan.FromMilliseconds(1600), backoff.Before(3, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void A_zero_base_delay_retries_at_once()
    {
        var backoff = new Backoff(TimeSpan.Zero, Max, () => 1.0);

        Assert.Equal(TimeSpan.Zero, backoff.Before(100, null));
    }
}
