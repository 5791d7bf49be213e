using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

/// <summary>Each operator on each kind of field, against <see cref="TestRun.Sample"/>.</summary>
public sealed class RunFilterMatchTests
{
    private static bool Matches(string filter) => RunFilter.Parse(filter).Matches(TestRun.Sample());

    [Theory]
    [InlineData("metrics.test_accuracy > 0.95", true)]
    [InlineData("metrics.test_accuracy > 0.96", false)]
    [InlineData("metrics.test_accuracy >= 0.96", true)]
    [InlineData("metrics.test_accuracy < 0.96", false)]
    [InlineData("metrics.test_accuracy <= 0.96", true)]
    [InlineData("metrics.test_accuracy = 0.96", true)]
    [InlineData("metrics.test_accuracy = 0.9", false)]
    [InlineData("metrics.test_accuracy != 0.9", true)]
    [InlineData("metrics.test_accuracy <> 0.96", false)]
    [InlineData("metric.loss < 1", true)]
    [InlineData("metrics.loss = 25e-2", true)]
    [InlineData("metrics.loss = 2.5E-1", true)]
    [InlineData("metrics.loss > .2", true)]
    [InlineData("metrics.delta < -1", true)]
    [InlineData("metrics.delta = -1.5", true)]
    [InlineData("metrics.delta > -1.5", false)]
    [InlineData("metrics.val/loss < 0.5", true)]
    [InlineData("metrics.test_accuracy>0.95", true)]
    public void Metrics_compare_as_numbers(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("params.model = 'LogisticRegression'", true)]
    [InlineData("params.model = \"LogisticRegression\"", true)]
    [InlineData("params.model = 'logisticregression'", false)]
    [InlineData("params.model != 'LogisticRegression'", false)]
    [InlineData("params.model != 'SVM'", true)]
    [InlineData("params.model <> 'SVM'", true)]
    [InlineData("param.model = 'LogisticRegression'", true)]
    [InlineData("params.train.learning_rate = '0.01'", true)]
    [InlineData("params.train.learning_rate = \"0.01\"", true)]
    [InlineData("params.train.learning_rate = '0.010'", false)]
    [InlineData("tags.team = 'Vision'", true)]
    [InlineData("tag.team != 'Vision'", false)]
    [InlineData("tags.mlflow.runName = 'keras-search'", true)]
    [InlineData("tags.\"mlflow.runName\" = 'keras-search'", true)]
    public void Params_and_tags_compare_as_text(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("params.train.learning_rate < 0.1", true)]
    [InlineData("params.train.learning_rate < '0.1'", true)]
    [InlineData("params.train.learning_rate > 0.01", false)]
    [InlineData("params.train.learning_rate >= 1e-2", true)]
    [InlineData("params.train.learning_rate = 0.010", true)]
    [InlineData("params.train.learning_rate = 1e-2", true)]
    [InlineData("params.train.learning_rate != 0.01", false)]
    [InlineData("params.layers <= 10", true)]
    [InlineData("params.layers > 9", true)]
    [InlineData("params.model > 1", false)]
    [InlineData("params.model = 1", false)]
    [InlineData("params.model != 1", false)]
    public void Params_compare_as_numbers_when_both_sides_are_numbers(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("params.model LIKE 'Logistic%'", true)]
    [InlineData("params.model LIKE 'logistic%'", false)]
    [InlineData("params.model ILIKE 'logistic%'", true)]
    [InlineData("params.model NOT LIKE 'Logistic%'", false)]
    [InlineData("params.model NOT ILIKE 'logistic%'", false)]
    [InlineData("params.model NOT ILIKE 'svm%'", true)]
    [InlineData("params.model like '%Regression'", true)]
    [InlineData("params.model LIKE '%Regress%'", true)]
    [InlineData("params.model LIKE 'Regress%'", false)]
    [InlineData("params.model LIKE 'LogisticRegressio_'", true)]
    [InlineData("params.model LIKE 'LogisticRegression_'", false)]
    [InlineData("tags.team ILIKE 'VISION'", true)]
    [InlineData("tags.team LIKE 'VISION'", false)]
    [InlineData("tags.pct LIKE '50\\%'", true)]
    [InlineData("tags.pct LIKE '5\\%'", false)]
    [InlineData("tags.under LIKE 'a\\_b'", true)]
    [InlineData("tags.team LIKE 'V\\_sion'", false)]
    [InlineData("tags.team LIKE 'V_sion'", true)]
    [InlineData("tags.path LIKE 'C:\\\\data'", true)]
    [InlineData("tags.path LIKE 'C:\\data'", false)]
    public void Like_and_ilike_match_sql_wildcards(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("status = 'FINISHED'", true)]
    [InlineData("status = 'finished'", true)]
    [InlineData("attributes.status = \"FINISHED\"", true)]
    [InlineData("attribute.status != 'FAILED'", true)]
    [InlineData("attr.status = 'RUNNING'", false)]
    [InlineData("run.status LIKE 'FIN%'", true)]
    [InlineData("status IN ('FAILED', 'KILLED')", false)]
    [InlineData("status NOT IN ('FAILED', 'KILLED')", true)]
    [InlineData("run_name = 'bright-owl'", true)]
    [InlineData("name = 'bright-owl'", true)]
    [InlineData("attributes.name ILIKE 'BRIGHT%'", true)]
    [InlineData("branch = 'main'", true)]
    [InlineData("branch != 'main'", false)]
    [InlineData("user = 'ada'", true)]
    [InlineData("host LIKE 'gpu-_'", true)]
    [InlineData("dirty = 'false'", true)]
    [InlineData("dirty = false", true)]
    [InlineData("dirty = TRUE", false)]
    [InlineData("dirty != 'true'", true)]
    [InlineData("STATUS = 'FINISHED'", true)]
    public void Text_attributes(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("start_time = 1767225600000", true)]
    [InlineData("start_time > 1767225600000", false)]
    [InlineData("duration >= 3600000", true)]
    [InlineData("duration < 3600000", false)]
    [InlineData("exit_code = 0", true)]
    [InlineData("exit_code != 0", false)]
    [InlineData("attributes.exit_code > -1", true)]
    [InlineData("start_time >= '2026-01-01'", true)]
    [InlineData("start_time > '2026-01-01'", false)]
    [InlineData("start_time = '2026-01-01T00:00:00Z'", true)]
    [InlineData("start_time = '2026-01-01T01:00:00+01:00'", true)]
    [InlineData("start_time = '2026-01-01T00:00:00'", true)]
    [InlineData("start_time = \"2026-01-01 00:00\"", true)]
    [InlineData("start_time < '2025-12-31T23:59:59.999Z'", false)]
    [InlineData("end_time > '2026-01-01T00:59:59Z'", true)]
    [InlineData("end_time <= '2026-01-01T00:59:59Z'", false)]
    [InlineData("end_time = 1767229200000", true)]
    public void Numeric_attributes_and_dates(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("run_id = '0123456789abcdef0123456789abcdef'", true)]
    [InlineData("run_id = '0123456789ABCDEF0123456789ABCDEF'", true)]
    [InlineData("run_id = '0123'", true)]
    [InlineData("run_id = '1234'", false)]
    [InlineData("run_id != '0123'", false)]
    [InlineData("run_id IN ('0123', 'ffff')", true)]
    [InlineData("run_id IN ('ffff', 'eeee')", false)]
    [InlineData("run_id IN ('0123456789abcdef0123456789abcdef')", true)]
    [InlineData("run_id NOT IN ('ffff', 'eeee')", true)]
    [InlineData("run_id NOT IN ('ffff', '01234567')", false)]
    [InlineData("attributes.run_id IN (\"0123\")", true)]
    [InlineData("commit = 'a1b2'", true)]
    [InlineData("commit = 'A1B2C3D4'", true)]
    [InlineData("commit = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'", true)]
    [InlineData("commit = 'b1b2'", false)]
    [InlineData("commit != 'b1b2'", true)]
    [InlineData("commit IN ('ffff', 'a1b2c3')", true)]
    [InlineData("commit LIKE 'a1b2%'", true)]
    public void Ids_match_by_prefix(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("params.model IN ('SVM', 'LogisticRegression')", true)]
    [InlineData("params.model IN ('SVM', 'logisticregression')", false)]
    [InlineData("params.model NOT IN ('SVM')", true)]
    [InlineData("tags.team IN ('Vision')", true)]
    [InlineData("tags.team in ('Vision' , 'NLP')", true)]
    public void In_lists_on_text(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("metrics.`f1 score` > 0.7", true)]
    [InlineData("metrics.\"f1 score\" > 0.7", true)]
    [InlineData("metrics.'f1 score' > 0.7", true)]
    [InlineData("params.`model-type` = 'cnn'", true)]
    [InlineData("params.model-type = 'cnn'", true)]
    [InlineData("params.note = 'it''s \"fine\"'", true)]
    [InlineData("params.note = \"it's \"\"fine\"\"\"", true)]
    [InlineData("params.note LIKE 'it''s%'", true)]
    [InlineData("attributes.`status` = 'FINISHED'", true)]
    public void Keys_and_values_may_be_quoted(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("metrics.missing > 0")]
    [InlineData("metrics.missing < 0")]
    [InlineData("metrics.missing = 0")]
    [InlineData("metrics.missing != 0")]
    [InlineData("params.missing = 'x'")]
    [InlineData("params.missing != 'x'")]
    [InlineData("params.missing < 1")]
    [InlineData("params.missing LIKE '%'")]
    [InlineData("params.missing NOT LIKE 'x'")]
    [InlineData("params.missing IN ('x')")]
    [InlineData("params.missing NOT IN ('x')")]
    [InlineData("tags.missing != 'x'")]
    [InlineData("tags.missing NOT ILIKE 'x'")]
    [InlineData("metrics.missing IS NOT NULL")]
    [InlineData("params.missing IS NOT NULL")]
    [InlineData("tags.missing IS NOT NULL")]
    public void A_missing_value_matches_no_comparison(string filter) => Assert.False(Matches(filter));

    [Theory]
    [InlineData("metrics.missing IS NULL", true)]
    [InlineData("metrics.loss IS NULL", false)]
    [InlineData("metrics.loss IS NOT NULL", true)]
    [InlineData("params.missing IS NULL", true)]
    [InlineData("params.model is not null", true)]
    [InlineData("tags.missing IS NULL", true)]
    [InlineData("tags.team IS NULL", false)]
    [InlineData("status IS NOT NULL", true)]
    [InlineData("run_id IS NULL", false)]
    public void Is_null_tests_presence(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void Unset_attributes_are_null_and_match_no_comparison()
    {
        var running = new TestRun(TestRun.Id(1)).With(RunAttributes.Status, "RUNNING");
        Assert.True(RunFilter.Parse("end_time IS NULL").Matches(running));
        Assert.False(RunFilter.Parse("end_time < 99999999999999").Matches(running));
        Assert.False(RunFilter.Parse("end_time != 0").Matches(running));
        Assert.False(RunFilter.Parse("commit != 'abcd'").Matches(running));
        Assert.False(RunFilter.Parse("branch NOT LIKE 'x'").Matches(running));
        Assert.True(RunFilter.Parse("status = 'RUNNING' and duration IS NULL").Matches(running));
    }

    [Theory]
    [InlineData("metrics.test_accuracy > 0.95 and params.train.learning_rate = \"0.01\"", true)]
    [InlineData("metrics.test_accuracy > 0.95 AND params.train.learning_rate = '0.02'", false)]
    [InlineData("metrics.test_accuracy > 0.99 AND params.train.learning_rate = '0.01'", false)]
    [InlineData("status = 'FINISHED' And metrics.loss < 0.3 aNd tags.team ILIKE 'v%' AND run_id IN ('0123')", true)]
    [InlineData("  metrics.loss < 0.3\n  AND\tstatus = 'FINISHED'  ", true)]
    public void And_requires_every_clause(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void An_empty_filter_matches_every_run(string? filter)
    {
        RunFilter parsed = RunFilter.Parse(filter);
        Assert.Equal(0, parsed.ClauseCount);
        Assert.True(parsed.Matches(TestRun.Sample()));
        Assert.True(parsed.Matches(new TestRun(TestRun.Id(7))));
    }

    [Fact]
    public void A_param_that_is_not_a_number_fails_a_numeric_clause_without_error()
    {
        var run = new TestRun(TestRun.Id(2)).WithParam("lr", "auto");
        Assert.False(RunFilter.Parse("params.lr < 0.1").Matches(run));
        Assert.False(RunFilter.Parse("params.lr >= 0.1").Matches(run));
        Assert.True(RunFilter.Parse("params.lr = 'auto'").Matches(run));
    }
}
