using System.Text;
using GitMl.Core.Runs;

namespace GitMl.Core.Tests.Runs;

/// <summary>Run notes are append-only: what later notes may do to recorded lines, and how the recorded lines are put back.</summary>
public sealed class RunNotesHistoryTests
{
    private static readonly string CommitA = new('a', 40);
    private static readonly string CommitB = new('b', 40);
    private static readonly RunRecord Run1 = RunNoteFormatTests.Sample("one");
    private static readonly RunRecord Run2 = RunNoteFormatTests.Sample("two");
    private static readonly string Line1 = RunNoteFormat.Write(Run1);
    private static readonly string Line2 = RunNoteFormat.Write(Run2);
    private static readonly string Forged1 = RunNoteFormat.Write(Run1 with { Name = "forged" });
    private static readonly string Amend1 = RunNoteFormat.Write(new RunAmendment(Run1.Id, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "x", new Dictionary<string, string?> { ["stage"] = "prod" }, true));

    /// <summary>What this clone recorded: run 1 and its amendment on commit A, run 2 and a line that is no run on commit B (as git notes append writes them).</summary>
    private static readonly List<(string, byte[])> Recorded = Notes((CommitA, $"{Line1}\n\n{Amend1}\n"), (CommitB, $"{Line2}\nnot a run\n"));

    private static List<(string, byte[])> Notes(params (string Commit, string Text)[] notes) =>
        notes.Select(n => (n.Commit, Encoding.UTF8.GetBytes(n.Text))).ToList();

    public static TheoryData<string> Cases => new()
    {
        "unchanged", "merged by cat_sort_uniq", "a new run and amendment", "a line moved to another commit", "foreign lines dropped",
        "a run changed in place", "a run removed", "a note removed", "an amendment removed", "a forged copy on another commit",
    };

    /// <summary>(candidate notes, the expected rewrites as "kind commit-letter run-number", the candidate's note of A and B after repair; null: unchanged).</summary>
    private static (List<(string, byte[])> Candidate, string[] Expected, string? RepairedA, string? RepairedB) Case(string name) => name switch
    {
        "unchanged" => (Recorded, [], null, null),
        "merged by cat_sort_uniq" => (Notes((CommitA, string.Join('\n', new[] { Line1, Amend1 }.Order(StringComparer.Ordinal)) + "\n"), (CommitB, $"{Line2}\n")), [], null, null),
        "a new run and amendment" => (Notes((CommitA, $"{Line1}\n\n{Amend1}\n\n{RunNoteFormat.Write(RunNoteFormatTests.Sample("three"))}\n"), (CommitB, $"{Line2}\n{Amend1.Replace("prod", "dev", StringComparison.Ordinal)}\n")), [], null, null),
        "a line moved to another commit" => (Notes((CommitB, $"{Line2}\n{Line1}\n{Amend1}\n")), [], null, null),
        "foreign lines dropped" => (Notes((CommitA, $"{Line1}\n{Amend1}\n"), (CommitB, $"{Line2}\n")), [], null, null),
        "a run changed in place" => (Notes((CommitA, $"{Forged1}\n\n{Amend1}\n"), (CommitB, $"{Line2}\n")), ["Changed A 1"], $"{Amend1}\n{Line1}\n", null),
        "a run removed" => (Notes((CommitA, $"{Amend1}\n"), (CommitB, $"{Line2}\n")), ["Removed A 1"], $"{Amend1}\n{Line1}\n", null),
        "a note removed" => (Notes((CommitA, $"{Line1}\n{Amend1}\n")), ["Removed B 2"], null, $"{Line2}\n"),
        "an amendment removed" => (Notes((CommitA, $"{Line1}\n"), (CommitB, $"{Line2}\n")), ["AmendmentRemoved A 1"], $"{Line1}\n{Amend1}\n", null),
        "a forged copy on another commit" => (Notes((CommitA, $"{Line1}\n\n{Amend1}\n"), (CommitB, $"{Forged1}\n{Line2}\n")), ["Changed B 1"], null, $"{Line2}\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Later_notes_may_add_and_move_lines_but_a_rewrite_is_found_and_repaired(string name)
    {
        var (candidate, expected, repairedA, repairedB) = Case(name);
        var rewrites = RunNotesHistory.Rewrites(Recorded, Recorded, candidate);
        Assert.Equal(expected, rewrites.Select(r => $"{r.Kind} {char.ToUpperInvariant(r.Commit[0])} {(r.Run == Run1.Id ? 1 : 2)}"));

        var repairs = RunNotesHistory.Repairs(Recorded, Recorded, candidate);
        Assert.Equal(repairedA, repairs.GetValueOrDefault(CommitA));
        Assert.Equal(repairedB, repairs.GetValueOrDefault(CommitB));
        if (expected.Length > 0)
        {
            var repaired = candidate.Where(n => !repairs.ContainsKey(n.Item1)).Concat(repairs.Select(r => (r.Key, Encoding.UTF8.GetBytes(r.Value)))).ToList();
            Assert.Empty(RunNotesHistory.Rewrites(Recorded, Recorded, repaired));
            Assert.Equal(["one", "two"], RunCatalog.FromNotes(repaired).Runs.Select(r => r.Name).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Only_the_shared_history_must_be_kept_but_no_recorded_run_may_change()
    {
        // Diverged: the candidate never had run 2 (recorded here after the merge base): not a rewrite.
        var shared = Notes((CommitA, $"{Line1}\n"));
        Assert.Empty(RunNotesHistory.Rewrites(shared, Recorded, Notes((CommitA, $"{Line1}\n"))));
        // But a different line for run 2, which only this clone recorded, is.
        var forged2 = RunNoteFormat.Write(Run2 with { Status = RunStatus.Failed });
        Assert.Equal(RunRewriteKind.Changed, Assert.Single(RunNotesHistory.Rewrites(shared, Recorded, Notes((CommitA, $"{Line1}\n{forged2}\n")))).Kind);
    }

    [Fact]
    public void A_rewrite_names_the_run_and_the_commit()
    {
        var rewrite = new RunRewrite(Run1.Id, CommitB, RunRewriteKind.Removed);
        Assert.Equal($"run {Run1.Id.Hex[..12]} (on commit {CommitB[..12]}): its record was removed", rewrite.ToString());
    }
}
