using GitMl.Core.IO;

namespace GitMl.Core.Tests.IO;

public sealed class TwoCoresTests
{
    [Theory]
    [InlineData(0, 16)]
    [InlineData(15, 16)]
    [InlineData(16, 16)]
    [InlineData(5001, 16)]
    public void Every_item_is_visited_exactly_once(int count, int minimum)
    {
        int[] visits = new int[count];

        TwoCores.For(count, minimum, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref visits[i]);
            }
        });

        Assert.All(visits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void A_failing_half_is_reported_only_after_the_other_half_finished()
    {
        if (Environment.ProcessorCount < 2)
        {
            return; // one core: the pass is one call, there is no other half (CI and the benchmark VM have two)
        }
        int[] done = new int[2000];

        var e = Assert.Throws<InvalidOperationException>(() => TwoCores.For(done.Length, 16, (start, end) =>
        {
            if (start == 0)
            {
                throw new InvalidOperationException("first half failed");
            }
            Thread.Sleep(100);
            for (int i = start; i < end; i++)
            {
                done[i] = 1;
            }
        }));

        Assert.Equal("first half failed", e.Message);
        Assert.All(done[1000..], d => Assert.Equal(1, d));
    }

    [Fact]
    public void A_failure_of_the_second_half_reaches_the_caller()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TwoCores.For(2000, 16, (start, end) =>
        {
            if (start != 0)
            {
                throw new InvalidOperationException("second half failed");
            }
        }));

        Assert.Equal("second half failed", e.Message);
    }
}
