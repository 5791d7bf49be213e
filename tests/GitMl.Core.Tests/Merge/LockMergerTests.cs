using GitMl.Core.Locks;
using GitMl.Core.Merge;
using static GitMl.Core.Tests.Merge.LockText;

namespace GitMl.Core.Tests.Merge;

/// <summary>Every row of the lock-merge rules (docs/merge.md), on small canonical lock files.</summary>
public sealed class LockMergerTests
{
    /// <summary>Merges through both entry points (texts, and parsed lock files) and checks they agree.</summary>
    private static LockMergeResult Merge(string b, string o, string t, bool drop = false)
    {
        var fromText = LockMerger.Merge(b, o, t, "ml.lock", 7, drop);
        var parsed = LockMerger.Merge(LockFileReader.Read(b, "base"), LockFileReader.Read(o, "ours"), LockFileReader.Read(t, "theirs"), 7, drop);
        Assert.Equal(parsed, fromText with { Conflicts = parsed.Conflicts, Dropped = parsed.Dropped });
        Assert.Equal(parsed.Conflicts.Select(c => (c.Key, string.Join("; ", c.Differences))), fromText.Conflicts.Select(c => (c.Key, string.Join("; ", c.Differences))));
        return fromText;
    }

    [Fact]
    public void Unchanged_on_one_side_takes_the_other()
    {
        string b = Lock(Stage("prepare"), Stage("train"));
        string o = Lock(Stage("prepare", dep: 'b'), Stage("train"));
        string t = Lock(Stage("prepare"), Stage("train", lr: "0.2"));

        var result = Merge(b, o, t);

        Assert.True(result.IsClean);
        Assert.Equal(Lock(Stage("prepare", dep: 'b'), Stage("train", lr: "0.2")), result.Text);
    }

    [Fact]
    public void Changed_identically_on_both_sides_is_taken_once()
    {
        string b = Lock(Stage("train"));
        string both = Lock(Stage("train", lr: "0.3"));

        var result = Merge(b, both, both);

        Assert.True(result.IsClean);
        Assert.Equal(both, result.Text);
    }

    [Fact]
    public void Added_on_one_side_is_added_and_added_identically_on_both_is_taken()
    {
        var result = Merge(Lock(Stage("a")), Lock(Stage("a"), Stage("b")), Lock(Stage("a"), Stage("c")));
        Assert.True(result.IsClean);
        Assert.Equal(Lock(Stage("a"), Stage("b"), Stage("c")), result.Text);

        var same = Merge(Lock(), Lock(Stage("x")), Lock(Stage("x")));
        Assert.Equal(Lock(Stage("x")), same.Text);
    }

    [Fact]
    public void Deleted_on_one_side_and_unchanged_on_the_other_is_deleted()
    {
        var result = Merge(Lock(Stage("a"), Stage("b")), Lock(Stage("a")), Lock(Stage("a"), Stage("b")));

        Assert.True(result.IsClean);
        Assert.Equal(Lock(Stage("a")), result.Text);
        Assert.Equal(Lock(), Merge(Lock(Stage("a")), Lock(), Lock()).Text);
    }

    [Fact]
    public void Changed_differently_on_both_sides_marks_just_that_stage_and_says_what_differs()
    {
        string b = Lock(Stage("prepare"), Stage("train"));
        string o = Lock(Stage("prepare", dep: 'b'), Stage("train", lr: "0.2", cmd: "run --fast"));
        string t = Lock(Stage("prepare"), Stage("train", lr: "0.3"));

        var result = Merge(b, o, t);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("train", conflict.Key);
        Assert.Equal(["cmd", "param lr (params.yaml): 0.2 ours, 0.3 theirs"], conflict.Differences);
        Assert.Equal("schema: '2.0'\nstages:\n" + Stage("prepare", dep: 'b')
            + "<<<<<<< ours\n" + Stage("train", lr: "0.2", cmd: "run --fast") + "=======\n" + Stage("train", lr: "0.3") + ">>>>>>> theirs\n",
            result.Text);
    }

    [Fact]
    public void Deleted_on_one_side_and_changed_on_the_other_is_a_conflict_with_an_empty_side()
    {
        var result = Merge(Lock(Stage("a"), Stage("b")), Lock(Stage("a")), Lock(Stage("a"), Stage("b", dep: 'c')));

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(["deleted on our side, changed on theirs"], conflict.Differences);
        Assert.Equal(Lock(Stage("a")) + "<<<<<<< ours\n=======\n" + Stage("b", dep: 'c') + ">>>>>>> theirs\n", result.Text);
    }

    [Fact]
    public void Added_differently_on_both_sides_is_a_conflict_that_names_the_dep()
    {
        var result = Merge(Lock(), Lock(Stage("new", dep: 'b')), Lock(Stage("new", dep: 'c')));

        Assert.Equal(["dep data/in.csv"], Assert.Single(result.Conflicts).Differences);
    }

    [Fact]
    public void Markers_have_the_size_git_asks_for()
    {
        var result = LockMerger.Merge(LockFileReader.Read(Lock(Stage("a")), "b"), LockFileReader.Read(Lock(Stage("a", lr: "1")), "o"),
            LockFileReader.Read(Lock(Stage("a", lr: "2")), "t"), markerSize: 9);

        Assert.Contains("\n<<<<<<<<< ours\n", result.Text, StringComparison.Ordinal);
        Assert.Contains("\n=========\n", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("\n>>>>>>>>> theirs\n", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_opt_in_resolution_drops_conflicting_stages_and_reports_them()
    {
        var result = Merge(Lock(Stage("a"), Stage("b")), Lock(Stage("a", lr: "1"), Stage("b", dep: 'x')), Lock(Stage("a", lr: "2"), Stage("b")), drop: true);

        Assert.True(result.IsClean);
        Assert.Equal("a", Assert.Single(result.Dropped).Key);
        Assert.Equal(Lock(Stage("b", dep: 'x')), result.Text);
        Assert.Contains("DROPPED", LockMergeReport.Render("ml.lock", result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train@0")]
    [InlineData("train@lr-0.1")]
    [InlineData("build@{'model': 'cnn', 'size': 3}")]
    [InlineData("cross-val@fold 1")]
    public void Foreach_and_matrix_stage_names_merge_like_any_other(string name)
    {
        string quoted = GitMl.Core.Yaml.YamlScalars.String(name);
        string b = Lock(Stage("prepare"), Stage(quoted));
        var result = Merge(b, Lock(Stage("prepare", dep: 'b'), Stage(quoted)), Lock(Stage("prepare"), Stage(quoted, lr: "0.5")));

        Assert.True(result.IsClean);
        Assert.Equal(LockFileWriter.Write(LockFileReader.Read(Lock(Stage("prepare", dep: 'b'), Stage(quoted, lr: "0.5")), "x")), result.Text);
        var conflict = Merge(b, Lock(Stage("prepare"), Stage(quoted, lr: "1")), Lock(Stage("prepare"), Stage(quoted, lr: "2")));
        Assert.Equal(name, Assert.Single(conflict.Conflicts).Key);
        Assert.Contains($"git ml repro {GitMl.Core.Hooks.PreCommitReport.ShellQuote([name])}", LockMergeReport.Render("dvc.lock", conflict), StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_but_equal_entries_are_no_change()
    {
        string canonical = Lock(Stage("a"), Stage("b", lr: "0.2"));
        // The same content as DVC may write it: stages in pipeline order, keys in another order, params before deps.
        string reordered = $"""
            stages:
              b:
                cmd: run
                params:
                  params.yaml:
                    lr: 0.2
                deps:
                - size: 10
                  sha256: {Hash('a')}
                  hash: sha256
                  path: data/in.csv
                outs:
                - path: out/model
                  nfiles: 2
                  hash: sha256
                  sha256: {Hash('f')}.dir
                  size: 20
              a:
            {Stage("a").Replace("  a:\n", "", StringComparison.Ordinal)}
            schema: '2.0'
            """;
        string changed = Lock(Stage("a", dep: 'c'), Stage("b", lr: "0.2"));

        var result = Merge(canonical, reordered, changed);

        Assert.True(result.IsClean);
        Assert.Equal(changed, result.Text);
    }

    [Fact]
    public void A_lock_file_with_comments_or_flow_style_is_parsed_whole_and_merges_the_same()
    {
        string b = Lock(Stage("a"), Stage("b"));
        string commented = "# written by hand\n" + Lock(Stage("a", lr: "2"), Stage("b"));
        string flowStyle = "schema: '2.0'\nstages: {a: " + "{cmd: run}}\n";

        Assert.Equal(Lock(Stage("a", lr: "2"), Stage("b", dep: 'z')), Merge(b, commented, Lock(Stage("a"), Stage("b", dep: 'z'))).Text);
        Assert.Equal("schema: '2.0'\nstages:\n  a:\n    cmd: run\n", Merge(flowStyle, flowStyle, flowStyle).Text);
        Assert.Throws<GitMl.Core.Pipelines.PipelineFormatException>(() => LockMerger.Merge(b, b, "stages: [\n", "ml.lock"));
    }

    [Fact]
    public void Unknown_keys_at_every_level_are_kept_and_merged_like_stages()
    {
        string b = Lock(Stage("a", extra: "    frozen: true\n")) + "metadata: {owner: ml-team}\n";
        string o = Lock(Stage("a", extra: "    frozen: true\n", lr: "2")) + "metadata: {owner: ml-team}\n";
        string t = Lock(Stage("a", extra: "    frozen: true\n")) + "metadata: {owner: data-team}\n";

        var result = Merge(b, o, t);

        Assert.True(result.IsClean);
        Assert.Equal(Lock(Stage("a", extra: "    frozen: true\n", lr: "2")) + "metadata: {owner: data-team}\n", result.Text);

        var both = Merge(b, b + "z-extra: 1\n", b.Replace("ml-team", "x", StringComparison.Ordinal) + "z-extra: 2\n");
        Assert.Equal("z-extra", Assert.Single(both.Conflicts).Key);
        Assert.EndsWith("metadata: {owner: x}\n<<<<<<< ours\nz-extra: 1\n=======\nz-extra: 2\n>>>>>>> theirs\n", both.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_names_each_stage_the_difference_and_the_commands_that_resolve_it()
    {
        var result = Merge(Lock(Stage("train")), Lock(Stage("train", lr: "1")), Lock(Stage("train", lr: "2")));

        string report = LockMergeReport.Render("models/ml.lock", result);

        Assert.Contains("stage train: param lr (params.yaml): 1 ours, 2 theirs", report, StringComparison.Ordinal);
        Assert.Contains("  git ml repro train\n  git add models/ml.lock\n", report, StringComparison.Ordinal);
        Assert.Equal("", LockMergeReport.Render("ml.lock", Merge(Lock(), Lock(), Lock())));
    }
}
