using GitMl.Core.Runs;

namespace GitMl.Core.Tests.Runs;

public sealed class RunCatalogTests
{
    private static readonly string CommitA = new('a', 40);
    private static readonly string CommitB = new('b', 40);

    [Fact]
    public void Runs_from_every_note_are_read_newest_first_and_a_bad_line_only_costs_itself()
    {
        var older = RunNoteFormatTests.Sample("older", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var newer = RunNoteFormatTests.Sample("newer", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var catalog = RunCatalog.FromNotes([
            (CommitA, RunNoteFormat.Write(older) + "\n{broken\n\n"),
            (CommitB, "foreign text\n" + RunNoteFormat.Write(newer) + "\n"),
        ]);
        Assert.Equal(["newer", "older"], catalog.Runs.Select(r => r.Name));
        Assert.Equal(CommitB, catalog.Runs[0].AttachedTo);
        Assert.Equal(2, catalog.Warnings.Count);
        Assert.Contains("line 2", catalog.Warnings[0]);
        Assert.Contains(CommitA[..12], catalog.Warnings[0]);
        Assert.Contains(CommitB[..12], catalog.Warnings[1]);
    }

    [Fact]
    public void Amendments_apply_in_time_order_whatever_order_the_lines_are_in()
    {
        var run = RunNoteFormatTests.Sample();
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        string first = RunNoteFormat.Write(new RunAmendment(run.Id, t0, "x", new Dictionary<string, string?> { ["stage"] = "dev", ["team"] = null }, true));
        string second = RunNoteFormat.Write(new RunAmendment(run.Id, t0.AddMinutes(1), "y", new Dictionary<string, string?> { ["stage"] = "prod" }, false));
        foreach (string text in new[] { $"{first}\n{second}\n", $"{second}\n{first}\n" })
        {
            var read = Assert.Single(RunCatalog.FromNotes([(CommitA, RunNoteFormat.Write(run) + "\n" + text)]).Runs);
            Assert.Equal("prod", read.Tags["stage"]);
            Assert.False(read.Tags.ContainsKey("team"));
            Assert.False(read.Deleted);
        }
    }

    [Fact]
    public void Find_takes_a_unique_prefix_and_explains_a_missing_or_ambiguous_one()
    {
        var runs = Enumerable.Range(0, 40).Select(i => RunNoteFormatTests.Sample($"r{i}")).ToList();
        var catalog = RunCatalog.FromNotes([(CommitA, string.Join('\n', runs.Select(RunNoteFormat.Write)))]);
        var target = runs[7];
        Assert.Equal("r7", catalog.Find(target.Id.Hex[..12]).Name);
        Assert.Equal("r7", catalog.Find(target.Id.Hex.ToUpperInvariant()).Name);
        Assert.Contains("not a run id", Assert.Throws<ArgumentException>(() => catalog.Find("xy")).Message);
        string absent = Enumerable.Range(0, 0x10000).Select(i => i.ToString("x4")).First(p => !runs.Any(r => r.Id.StartsWith(p)));
        Assert.Contains("no run id starts with", Assert.Throws<ArgumentException>(() => catalog.Find(absent)).Message);

        // Two ids that share their first 31 digits: any shorter prefix is ambiguous.
        var twin = RunNoteFormatTests.Sample("twin");
        var twinCatalog = RunCatalog.FromNotes([(CommitA, RunNoteFormat.Write(twin) + "\n" + RunNoteFormat.Write(twin with { Name = "copy" }).Replace(twin.Id.Hex, twin.Id.Hex[..31] + (twin.Id.Hex[31] == '0' ? '1' : '0'), StringComparison.Ordinal))]);
        Assert.Contains("ambiguous", Assert.Throws<ArgumentException>(() => twinCatalog.Find(twin.Id.Hex[..8])).Message);
    }

    [Fact]
    public void The_same_run_on_two_lines_counts_once()
    {
        var run = RunNoteFormatTests.Sample();
        string line = RunNoteFormat.Write(run);
        Assert.Single(RunCatalog.FromNotes([(CommitA, line + "\n" + line + "\n")]).Runs);
    }
}
