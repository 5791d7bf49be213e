using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

/// <summary>Every way a filter or an order can be wrong: the error, and exactly where it points.</summary>
public sealed class RunSearchErrorTests
{
    private const string ExpectedIdentifier = "expected an identifier (metrics.NAME, params.NAME, tags.NAME or an attribute such as status)";

    [Theory]
    [InlineData("metrics.acc ~ 0.9", 12, "expected a comparison operator after 'metrics.acc'")]
    [InlineData("params.x NOT BETWEEN 1", 13, "expected LIKE, ILIKE or IN after NOT")]
    [InlineData("params.x IS 5", 12, "expected NULL or NOT NULL after IS")]
    [InlineData("params.x IS NOT 5", 16, "expected NULL after IS NOT")]
    [InlineData("metrics.acc > 0.9 metrics.loss < 1", 18, "expected AND or the end of the filter after 'metrics.acc > 0.9'")]
    [InlineData("metrics.acc > 0.9 and", 21, ExpectedIdentifier + " after AND")]
    [InlineData("(metrics.acc > 1)", 0, ExpectedIdentifier)]
    [InlineData("'status' = 'FAILED'", 0, ExpectedIdentifier)]
    [InlineData("metrics.acc > ", 14, "expected a value (a number or a quoted string) after '>'")]
    [InlineData("metrics.acc == 1", 13, "expected a value (a number or a quoted string) after '='")]
    [InlineData("metrics.acc > 0.9abc", 14, "expected a value (a number or a quoted string) after '>'")]
    [InlineData("params.model = LogisticRegression", 15, "expected a value (a number or a quoted string) after '='")]
    [InlineData("params.model = 'abc", 15, "unterminated '...': expected a closing '")]
    [InlineData("metrics.`f1 score > 1", 8, "unterminated `...`: expected a closing `")]
    public void Syntax_errors_point_at_what_is_wrong(string filter, int position, string problem) =>
        AssertError(() => RunFilter.Parse(filter), filter, position, problem);

    [Theory]
    [InlineData("foo.bar = 1", 0, "unknown entity 'foo'")]
    [InlineData("attributes.colour = 'red'", 11, "unknown attribute 'colour'")]
    [InlineData("colour = 'red'", 0, "unknown attribute 'colour'")]
    [InlineData("metrics. > 1", 8, "expected a name after 'metrics.'")]
    [InlineData("metrics > 1", 7, "expected '.' and a name after 'metrics'")]
    public void Unknown_names_are_errors(string filter, int position, string problem) =>
        AssertError(() => RunFilter.Parse(filter), filter, position, problem);

    [Fact]
    public void An_unknown_entity_lists_the_valid_prefixes()
    {
        var error = Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse("metircs.acc > 1"));
        Assert.Contains("metrics. (or metric.), params. (param.), tags. (tag.) and attributes. (attribute., attr., run.)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_attribute_lists_the_valid_ones()
    {
        var error = Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse("accuracy > 0.9"));
        Assert.Contains("run_id, run_name (or name, run name), status, start_time (or created), end_time, duration, commit, branch, user (or user_id), host, exit_code, dirty, artifact_uri", error.Message, StringComparison.Ordinal);
        Assert.Contains("metrics.accuracy", error.Hint, StringComparison.Ordinal); // the likely meant identifier
    }

    [Theory]
    [InlineData("metrics.acc LIKE '0.9%'", 12, "LIKE does not apply to metrics.acc, which is a number")]
    [InlineData("metrics.acc not ilike 'x'", 12, "not ilike does not apply to metrics.acc, which is a number")]
    [InlineData("metrics.acc IN ('a')", 12, "IN does not apply to metrics.acc, which is a number")]
    [InlineData("duration LIKE '1%'", 9, "LIKE does not apply to duration, which is a number")]
    [InlineData("metrics.acc > 'high'", 14, "metrics.acc is a number: compare it with a number, not text")]
    [InlineData("metrics.acc = '0.9'", 14, "metrics.acc is a number: compare it with a number, not text")]
    [InlineData("duration > '5'", 11, "duration is a number: compare it with a number, not text")]
    [InlineData("end_time > start_time", 11, "end_time is a number: compare it with a number, not text")]
    [InlineData("start_time > 'yesterday'", 13, "'yesterday' is not an ISO-8601 date/time")]
    [InlineData("start_time > '01/02/2026'", 13, "'01/02/2026' is not an ISO-8601 date/time")]
    [InlineData("start_time > '2026-13-45'", 13, "'2026-13-45' is not an ISO-8601 date/time")]
    [InlineData("status > 'A'", 7, "> does not apply to status, which is text")]
    [InlineData("run_name <= 'b'", 9, "<= does not apply to run_name, which is text")]
    [InlineData("status = 'DONE'", 9, "unknown status 'DONE'")]
    [InlineData("status IN ('FAILED', 'DONE')", 21, "unknown status 'DONE'")]
    [InlineData("status = FINISHED", 9, "status is text: expected a quoted string after '='")]
    [InlineData("branch = 1", 9, "branch is text: expected a quoted string after '='")]
    [InlineData("dirty = 'maybe'", 8, "dirty is 'true' or 'false', not 'maybe'")]
    [InlineData("params.lr < 'fast'", 12, "'fast' is not a number, and < compares params.lr as a number")]
    [InlineData("params.model LIKE 3", 18, "expected a quoted pattern after 'LIKE'")]
    [InlineData("tags.t ILIKE x", 13, "expected a quoted pattern after 'ILIKE'")]
    [InlineData("tags.pct LIKE '50\\'", 14, "a LIKE pattern cannot end with the escape character '\\'")]
    public void Type_mismatches_are_errors_that_say_what_works(string filter, int position, string problem) =>
        AssertError(() => RunFilter.Parse(filter), filter, position, problem);

    [Theory]
    [InlineData("run_id IN ('abc')", 11, "'abc' is not a run id or a prefix of one")]
    [InlineData("run_id = 'xyz12'", 9, "'xyz12' is not a run id or a prefix of one")]
    [InlineData("commit = 'zz12'", 9, "'zz12' is not a commit or a prefix of one")]
    [InlineData("run_id IN 'abcd'", 10, "expected '(' after IN")]
    [InlineData("run_id IN ('abcd' 'ef01')", 18, "expected ',' or ')' in the IN list")]
    [InlineData("run_id NOT IN ('abcd',)", 22, "expected a quoted string in the NOT IN list")]
    [InlineData("params.x IN ()", 13, "expected a quoted string in the IN list")]
    [InlineData("params.x IN (1, 2)", 13, "expected a quoted string in the IN list")]
    public void In_lists_are_checked(string filter, int position, string problem) =>
        AssertError(() => RunFilter.Parse(filter), filter, position, problem);

    [Theory]
    [InlineData("metrics.acc > 0.9 OR metrics.loss < 1", 18)]
    [InlineData("status = 'FAILED' or status = 'KILLED'", 18)]
    public void Or_is_refused_with_a_way_out(string filter, int position)
    {
        var error = AssertError(() => RunFilter.Parse(filter), filter, position, "OR is not supported");
        Assert.Contains("run two searches", error.Hint, StringComparison.Ordinal);
        Assert.Contains("IN", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_shows_the_input_with_a_caret_under_the_position()
    {
        var error = Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse("metrics.acc ~ 0.9"));
        Assert.StartsWith(
            "expected a comparison operator after 'metrics.acc' at position 12:\n" +
            "  metrics.acc ~ 0.9\n" +
            "              ^\n",
            error.Message, StringComparison.Ordinal);
        Assert.Equal("metrics.acc takes =, !=, <>, >, >=, <, <=, IS NULL, IS NOT NULL", error.Hint);
    }

    [Fact]
    public void Line_breaks_in_the_input_do_not_move_the_caret()
    {
        var error = Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse("metrics.a > 1\nAND\tfoo.b = 1"));
        Assert.Equal(18, error.Position);
        Assert.Contains("  metrics.a > 1 AND foo.b = 1\n  " + new string(' ', 18) + "^", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics.f1 sideways", 11, "expected ASC, DESC, ',' or the end of the order after 'metrics.f1'")]
    [InlineData("metrics.f1 desc desc", 16, "expected ASC, DESC, ',' or the end of the order after 'metrics.f1 desc'")]
    [InlineData("metrics.f1 desc,", 16, ExpectedIdentifier + " after ','")]
    [InlineData(", metrics.f1", 0, ExpectedIdentifier)]
    [InlineData("bogus.f1", 0, "unknown entity 'bogus'")]
    [InlineData("start_time desc, colour", 17, "unknown attribute 'colour'")]
    public void Order_errors_point_at_what_is_wrong(string order, int position, string problem) =>
        AssertError(() => RunOrder.Parse(order), order, position, problem);

    [Fact]
    public void A_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RunQuery.Parse(null, null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunQuery.Parse(null, null, -5));
    }

    [Fact]
    public void The_query_error_names_the_text_that_failed()
    {
        var error = Assert.Throws<RunSearchSyntaxException>(() => RunQuery.Parse("metrics.a > 1", "metrics.a upward", 10));
        Assert.Equal("metrics.a upward", error.Input);
        Assert.Equal(10, error.Position);
    }

    private static RunSearchSyntaxException AssertError(Action parse, string input, int position, string problem)
    {
        var error = Assert.Throws<RunSearchSyntaxException>(parse);
        Assert.Equal(problem, error.Problem);
        Assert.Equal(position, error.Position);
        Assert.Equal(input, error.Input);
        Assert.StartsWith($"{problem} at position {position}:\n", error.Message, StringComparison.Ordinal);
        return error;
    }
}
