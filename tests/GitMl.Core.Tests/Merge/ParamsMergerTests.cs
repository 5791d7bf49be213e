using GitMl.Core.Merge;

namespace GitMl.Core.Tests.Merge;

/// <summary>The key-level merge of parameters files: our text, their changes spliced in, everything else byte for byte.</summary>
public sealed class ParamsMergerTests
{
    private const string Base = """
        # Parameters of the churn pipeline.
        prepare:
          split: 0.8   # share of rows for training
          seed: 42
        train:
          epochs: 10
          # learning rate, tuned by hand
          lr: 0.01
          layers:
          - 64
          - 32
        report:
          title: churn

        """;

    private static ParamsMergeResult Merge(string o, string t, string b = Base) => ParamsMerger.Merge(b, o, t, "params.yaml");

    private static string Change(string text, params (string From, string To)[] edits) =>
        edits.Aggregate(text, (current, e) => current.Contains(e.From, StringComparison.Ordinal)
            ? current.Replace(e.From, e.To, StringComparison.Ordinal)
            : throw new ArgumentException($"'{e.From}' is not in the text"));

    [Fact]
    public void Different_keys_changed_on_each_side_merge_cleanly_with_comments_and_formatting_intact()
    {
        var result = Merge(Change(Base, ("split: 0.8", "split: 0.7")), Change(Base, ("lr: 0.01", "lr: 0.02"), ("- 32", "- 16")));

        Assert.Empty(result.Conflicts);
        Assert.Equal(Change(Base, ("split: 0.8", "split: 0.7"), ("lr: 0.01", "lr: 0.02"), ("- 32", "- 16")), result.Text);
    }

    [Fact]
    public void The_same_key_changed_differently_conflicts_at_that_key_only()
    {
        var result = Merge(Change(Base, ("lr: 0.01", "lr: 0.03"), ("seed: 42", "seed: 7")), Change(Base, ("lr: 0.01", "lr: 0.02")));

        Assert.Equal([new ParamConflict("train.lr", "0.03", "0.02")], result.Conflicts);
        Assert.Equal(Change(Base, ("seed: 42", "seed: 7"), ("  lr: 0.01\n", "<<<<<<< ours\n  lr: 0.03\n=======\n  lr: 0.02\n>>>>>>> theirs\n")), result.Text);
        Assert.Contains("train.lr: 0.03 ours, 0.02 theirs", ParamsMergeReport.Render("params.yaml", result), StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_identically_or_only_reformatted_is_no_conflict()
    {
        var same = Merge(Change(Base, ("epochs: 10", "epochs: 20")), Change(Base, ("epochs: 10", "epochs: 20")));
        Assert.Empty(same.Conflicts);
        Assert.Equal(Change(Base, ("epochs: 10", "epochs: 20")), same.Text);

        // Their list in flow style means the same values: our text stays as it is.
        var reformatted = Merge(Change(Base, ("seed: 42", "seed: 1")), Change(Base, ("\n  - 64\n  - 32", " [64, 32]")));
        Assert.Equal(Change(Base, ("seed: 42", "seed: 1")), reformatted.Text);
    }

    [Fact]
    public void Keys_they_added_go_after_their_preceding_sibling_and_keys_they_deleted_go()
    {
        string theirs = Change(Base, ("  seed: 42\n", "  seed: 42\n  shuffle: true  # new\n"), ("report:\n  title: churn\n", "eval:\n  metric: auc\n  folds: 5\n"));
        var result = Merge(Change(Base, ("epochs: 10", "epochs: 11")), theirs);

        Assert.Empty(result.Conflicts);
        Assert.Equal(Change(theirs, ("epochs: 10", "epochs: 11")), result.Text);
    }

    [Fact]
    public void Their_change_to_a_key_we_deleted_is_a_conflict_with_an_empty_side()
    {
        var result = Merge(Change(Base, ("  seed: 42\n", "")), Change(Base, ("seed: 42", "seed: 1")));

        Assert.Equal([new ParamConflict("prepare.seed", null, "1")], result.Conflicts);
        Assert.Contains("  split: 0.8   # share of rows for training\n<<<<<<< ours\n=======\n  seed: 1\n>>>>>>> theirs\ntrain:\n", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_values_merge_key_by_key_and_additions_inside_an_object_are_left_to_the_line_merge()
    {
        const string b = "{\n  \"lr\": 0.1,\n  \"epochs\": 3,\n  \"name\": \"x\"\n}\n";
        var result = ParamsMerger.Merge(b, b.Replace("0.1", "0.2", StringComparison.Ordinal), b.Replace("3", "4", StringComparison.Ordinal), "config.json");
        Assert.Equal("{\n  \"lr\": 0.2,\n  \"epochs\": 4,\n  \"name\": \"x\"\n}\n", result.Text);

        var conflict = ParamsMerger.Merge(b, b.Replace("3", "5", StringComparison.Ordinal), b.Replace("3", "4", StringComparison.Ordinal), "config.json");
        Assert.Contains("<<<<<<< ours\n  \"epochs\": 5,\n=======\n  \"epochs\": 4,\n>>>>>>> theirs\n", conflict.Text, StringComparison.Ordinal);

        Assert.Throws<ParamsMergeException>(() => ParamsMerger.Merge(b, b, b.Replace("\"name\": \"x\"", "\"name\": \"x\",\n  \"new\": 1", StringComparison.Ordinal), "config.json"));
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("train: 5\n")]
    [InlineData("- not\n- a mapping\n")]
    [InlineData("a: [\n")]
    public void What_cannot_be_merged_by_key_is_refused_for_the_line_merge(string theirs) =>
        Assert.Throws<ParamsMergeException>(() => Merge(Base, theirs));
}
