namespace GitMl.Core.IO;

/// <summary>
/// Runs a pass over many independent items on two cores where there are two and the pass is long enough to pay for a
/// thread: the second half on the thread pool, the first on the caller's thread. For the passes git waits for (a
/// hook's stat of every file or object): git's own process sleeps meanwhile, so the second core would idle.
/// </summary>
internal static class TwoCores
{
    /// <summary>Calls <paramref name="range"/> (start, end) over [0, <paramref name="count"/>), in two halves side by side
    /// from <paramref name="minimum"/> items on. The halves must not share mutable state; each writes its own slots.</summary>
    public static void For(int count, int minimum, Action<int, int> range)
    {
        if (count < minimum || Environment.ProcessorCount < 2)
        {
            range(0, count);
            return;
        }
        int half = count / 2;
        var second = Task.Run(() => range(half, count));
        try
        {
            range(0, half);
        }
        catch
        {
            // Never leave the other half running behind an exception: it writes into the caller's state.
            try
            {
                second.Wait();
            }
            catch (AggregateException)
            {
                // The first half's failure is the one reported.
            }
            throw;
        }
        second.GetAwaiter().GetResult();
    }
}
