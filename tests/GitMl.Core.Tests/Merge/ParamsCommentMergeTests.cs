using GitMl.Core.Merge;

namespace GitMl.Core.Tests.Merge;

/// <summary>
/// Comments in a params.yaml merge (issue 16 point 4), on DVC's example-get-started params file: a comment belongs to
/// the key below it, travels with that key when the other side adds, changes or deletes it, and comment-only edits
/// on either side are kept like value edits.
/// </summary>
public sealed class ParamsCommentMergeTests
{
    /// <summary>example-get-started's params.yaml, with the comments a team would write into it.</summary>
    internal const string GetStarted = """
        # Parameters of example-get-started (dvc.yaml reads them).
        prepare:
          split: 0.20   # share held out for testing
          seed: 20170428

        featurize:
          max_features: 100
          ngrams: 1

        train:
          seed: 20170428
          # number of trees in the forest
          n_est: 50
          min_split: 0.01

        """;

    private static string Change(string text, params (string From, string To)[] edits) =>
        edits.Aggregate(text, (current, e) => current.Contains(e.From, StringComparison.Ordinal)
            ? current.Replace(e.From, e.To, StringComparison.Ordinal)
            : throw new ArgumentException($"'{e.From}' is not in the text"));

    /// <summary>Ours changes prepare.seed; theirs makes the row's change; the merge must equal theirs with our change on top.</summary>
    public static TheoryData<string, string, string> TheirEdits() => new()
    {
        { "a comment added above a key they changed", GetStarted, Change(GetStarted, ("  min_split: 0.01\n", "  # smaller splits overfit\n  min_split: 0.02\n")) },
        { "a comment added above a key they added", GetStarted, Change(GetStarted, ("  ngrams: 1\n", "  ngrams: 1\n  # word or char n-grams\n  analyzer: word\n")) },
        { "a new section with its header comment and blank line", GetStarted, Change(GetStarted, ("  ngrams: 1\n", "  ngrams: 1\n\n# how the model is scored\nevaluate:\n  metric: roc_auc\n  folds: 5\n")) },
        { "a new section at the end", GetStarted, GetStarted + "\n# how the model is scored\nevaluate:\n  metric: roc_auc\n" },
        { "a comment-only edit above a key", GetStarted, Change(GetStarted, ("# number of trees in the forest", "# trees in the forest (more: slower, rarely better)")) },
        { "a comment-only edit at the end of a line", GetStarted, Change(GetStarted, ("# share held out for testing", "# share of rows held out")) },
        { "a comment-only edit of the file's header", GetStarted, Change(GetStarted, ("# Parameters of example-get-started", "# Parameters")) },
        { "a comment added at the end of a section", GetStarted, Change(GetStarted, ("  ngrams: 1\n", "  ngrams: 1\n  # max_df: 0.9 (try next)\n")) },
        { "a deleted key takes its comment with it", GetStarted, Change(GetStarted, ("  # number of trees in the forest\n  n_est: 50\n", "")) },
        { "a deleted section takes its blank line with it", GetStarted, Change(GetStarted, ("featurize:\n  max_features: 100\n  ngrams: 1\n\n", "")) },
        { "a key added below an existing comment lands below it", GetStarted, Change(GetStarted, ("  # number of trees in the forest\n", "  # number of trees in the forest\n  max_depth: 8\n")) },
        { "a key added above a commented key stays above the comment", GetStarted, Change(GetStarted, ("  seed: 20170428\n  # number", "  seed: 20170428\n  criterion: gini\n  # number")) },
        { "a first key added above a section's commented first key", Change(GetStarted, ("train:\n  seed: 20170428\n", "train:\n")), Change(GetStarted, ("train:\n  seed: 20170428\n", "train:\n  criterion: gini\n")) },
        {
            "a key added below a trailing comment that suggested it",
            Change(GetStarted, ("  ngrams: 1\n", "  ngrams: 1\n  # max_df: 0.9\n")),
            Change(GetStarted, ("  ngrams: 1\n", "  ngrams: 1\n  # max_df: 0.9\n  max_df: 0.9\n"))
        },
        { "their value and comment change on the line of our value change elsewhere", GetStarted, Change(GetStarted, ("split: 0.20   # share held out for testing", "split: 0.25   # a quarter for testing")) },
    };

    [Theory]
    [MemberData(nameof(TheirEdits))]
    public void Their_comment_edits_are_kept_next_to_our_value_change(string what, string @base, string theirs)
    {
        string ours = Change(@base, ("  seed: 20170428\n\n", "  seed: 42\n\n"));
        var result = ParamsMerger.Merge(@base, ours, theirs, "params.yaml");

        Assert.True(result.Conflicts.Count == 0, what);
        Assert.Equal(Change(theirs, ("  seed: 20170428\n\n", "  seed: 42\n\n")), result.Text);
    }

    [Theory]
    [MemberData(nameof(TheirEdits))]
    public void The_merge_is_the_same_with_the_sides_swapped(string what, string @base, string theirs)
    {
        string other = Change(@base, ("  seed: 20170428\n\n", "  seed: 42\n\n"));
        var result = ParamsMerger.Merge(@base, theirs, other, "params.yaml");

        Assert.True(result.Conflicts.Count == 0, what);
        Assert.Equal(Change(theirs, ("  seed: 20170428\n\n", "  seed: 42\n\n")), result.Text);
    }

    [Fact]
    public void Their_comment_change_and_our_value_change_on_one_key_both_survive()
    {
        string ours = Change(GetStarted, ("split: 0.20", "split: 0.25"));
        string theirs = Change(GetStarted, ("# share held out for testing", "# test share"), ("  # number of trees in the forest\n", "  # forest size\n"));
        var result = ParamsMerger.Merge(GetStarted, ours, theirs, "params.yaml");

        Assert.Empty(result.Conflicts);
        Assert.Equal(Change(theirs, ("split: 0.20", "split: 0.25")), result.Text);
    }

    [Fact]
    public void The_same_comment_edited_differently_on_both_sides_is_a_conflict_not_a_silent_pick()
    {
        string ours = Change(GetStarted, ("# number of trees in the forest", "# forest size"));
        string theirs = Change(GetStarted, ("# number of trees in the forest", "# how many trees"));
        var result = ParamsMerger.Merge(GetStarted, ours, theirs, "params.yaml");

        Assert.Single(result.Conflicts);
        Assert.Contains("<<<<<<< ours\n  # forest size\n=======\n  # how many trees\n>>>>>>> theirs\n  n_est: 50\n", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_sides_adding_the_same_comment_is_no_conflict()
    {
        string both = Change(GetStarted, ("  ngrams: 1\n", "  # unigrams only\n  ngrams: 1\n"));
        var result = ParamsMerger.Merge(GetStarted, both, both, "params.yaml");

        Assert.Empty(result.Conflicts);
        Assert.Equal(both, result.Text);
    }
}
