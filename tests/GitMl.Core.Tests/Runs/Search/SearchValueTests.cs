using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

public sealed class SearchValueTests
{
    [Fact]
    public void Numbers_and_text_are_distinct_kinds()
    {
        SearchValue number = SearchValue.FromNumber(0.1);
        SearchValue text = SearchValue.FromText("0.1");
        Assert.Equal(SearchValueKind.Number, number.Kind);
        Assert.Equal(SearchValueKind.Text, text.Kind);
        Assert.NotEqual(number, text);
        Assert.Equal("0.1", number.Text);
        Assert.Equal(0.1, number.Number);
        Assert.Throws<InvalidOperationException>(() => text.Number);
        Assert.True(text.TryGetNumber(out double parsed));
        Assert.Equal(0.1, parsed);
        Assert.False(SearchValue.FromText("abc").TryGetNumber(out _));
        Assert.Equal(SearchValue.FromText("x"), SearchValue.FromText("x"));
    }

    [Theory]
    [InlineData("run_id", "run_id", SearchValueKind.Text)]
    [InlineData("name", "run_name", SearchValueKind.Text)]
    [InlineData("RUN_NAME", "run_name", SearchValueKind.Text)]
    [InlineData("start_time", "start_time", SearchValueKind.Number)]
    [InlineData("end_time", "end_time", SearchValueKind.Number)]
    [InlineData("duration", "duration", SearchValueKind.Number)]
    [InlineData("exit_code", "exit_code", SearchValueKind.Number)]
    [InlineData("commit", "commit", SearchValueKind.Text)]
    [InlineData("dirty", "dirty", SearchValueKind.Text)]
    [InlineData("artifact_uri", "artifact_uri", SearchValueKind.Text)]
    [InlineData("Run name", "run_name", SearchValueKind.Text)]
    [InlineData("user_id", "user", SearchValueKind.Text)]
    [InlineData("Created", "start_time", SearchValueKind.Number)]
    public void Attributes_resolve_to_canonical_names_and_kinds(string name, string canonical, SearchValueKind kind)
    {
        Assert.True(RunAttributes.TryResolve(name, out string? resolved));
        Assert.Equal(canonical, resolved);
        Assert.Equal(kind, RunAttributes.KindOf(name));
    }

    [Fact]
    public void Unknown_attributes_do_not_resolve()
    {
        Assert.False(RunAttributes.TryResolve("accuracy", out _));
        Assert.Throws<ArgumentException>(() => RunAttributes.KindOf("accuracy"));
        Assert.Equal(13, RunAttributes.Names.Count);
    }

    [Theory]
    [InlineData(RunEntity.Metric, "acc", "metrics.acc")]
    [InlineData(RunEntity.Param, "train.learning_rate", "params.train.learning_rate")]
    [InlineData(RunEntity.Tag, "f1 score", "tags.`f1 score`")]
    [InlineData(RunEntity.Tag, "a`b c", "tags.`a``b c`")]
    [InlineData(RunEntity.Attribute, "status", "status")]
    public void Fields_print_as_a_search_names_them(RunEntity entity, string key, string expected) =>
        Assert.Equal(expected, new RunField(entity, key).ToString());

    [Fact]
    public void Attribute_fields_hold_canonical_names()
    {
        Assert.Equal(new RunField(RunEntity.Attribute, RunAttributes.RunName), new RunField(RunEntity.Attribute, "NAME"));
        Assert.Equal("run_name", new RunField(RunEntity.Attribute, "name").Key);
        Assert.Throws<ArgumentException>(() => new RunField(RunEntity.Attribute, "accuracy"));
        Assert.True(new RunField(RunEntity.Attribute, "duration").IsNumeric);
        Assert.True(new RunField(RunEntity.Metric, "anything").IsNumeric);
        Assert.False(new RunField(RunEntity.Param, "lr").IsNumeric);
        Assert.False(new RunField(RunEntity.Attribute, "status").IsNumeric);
    }
}
