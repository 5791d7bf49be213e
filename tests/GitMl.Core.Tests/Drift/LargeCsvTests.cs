using System.Globalization;
using GitMl.Core.Drift;

namespace GitMl.Core.Tests.Drift;

/// <summary>Runs alone: it measures the process's live managed memory, which tests running beside it would inflate.</summary>
[CollectionDefinition(nameof(LargeCsvTests), DisableParallelization = true)]
public sealed class LargeCsvTestGroup;

[Collection(nameof(LargeCsvTests))]
public sealed class LargeCsvTests
{
    private const long Rows = 1_000_000;
    private const string Header = "id,x,y,segment,note";

    /// <summary>
    /// Two generated million-row tables (about 90 bytes a row: 90 MB of text each, 180 MB as .NET strings) stream
    /// through the analyzer. Live managed memory, measured after a full collection every 100,000 rows, stays far
    /// below the input size: the bounded sample, category counts and per-bin counters are all that is kept.
    /// </summary>
    [Fact]
    public void A_million_rows_stream_through_in_bounded_memory_with_correct_statistics()
    {
        long peak = 0;
        void Sample(long row)
        {
            if (row % 100_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var reference = new DriftInput("train.csv", new string('0', 64), () => new GeneratedCsvStream(Header, Rows, Row(1, 0), Sample));
        var current = new DriftInput("new.csv", new string('1', 64), () => new GeneratedCsvStream(Header, Rows, Row(2, 1), Sample));

        var report = DriftAnalyzer.Compare(reference, current, DriftOptions.Default);

        long growth = peak - before;
        Assert.True(growth < 40_000_000, $"live memory grew by {growth:N0} bytes while reading");
        var file = Assert.Single(report.Files);
        Assert.Equal(Rows, file.ReferenceRows);
        Assert.Equal(Rows, file.CurrentRows);
        var x = file.Columns.Single(c => c.Name == "x");
        Assert.Equal(0, x.Reference!.Mean!.Value, 2);
        Assert.Equal(1, x.Current!.Mean!.Value, 2);
        Assert.Equal(1, x.Reference.StdDev!.Value, 2);
        Assert.True(x.Psi > 0.2, $"PSI {x.Psi}");
        Assert.Equal(["x"], file.Columns.Where(c => c.Drifted).Select(c => c.Name));
        Assert.Equal(Rows / 10, file.Columns.Single(c => c.Name == "note").Reference!.Nulls);
        Assert.All(file.Columns.Where(c => c.Name != "x"), c => Assert.True(c.Psi < 0.01, $"{c.Name}: PSI {c.Psi}"));
    }

    /// <summary>
    /// Row i of a table: a unique id, x ~ N(shift, 1), y uniform, a segment of 20, and a text note (null every 10th
    /// row) that pads the row and whose values are all distinct (an identifier-like categorical column).
    /// </summary>
    private static Func<long, string> Row(int seed, double shift)
    {
        var random = new Random(seed);
        return i => string.Create(CultureInfo.InvariantCulture,
            $"{i},{DriftData.Format(shift + DriftData.Normal(random))},{random.NextDouble():0.######},seg-{random.Next(20)},{(i % 10 == 0 ? "" : $"\"free text, row {i} of the generated table\"")}");
    }
}
