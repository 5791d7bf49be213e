using System.Globalization;
using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

/// <summary>
/// MLflow's own published search cases, as a table: the same runs, filters and orders, and the answer MLflow's tests
/// expect. Cases are written in our format from:
/// <list type="bullet">
/// <item>mlflow/mlflow tests/utils/test_search_utils.py (SearchUtils: parse_search_filter, filter, sort, parse_order_by_for_search_runs);</item>
/// <item>mlflow/mlflow tests/store/tracking/test_sqlalchemy_store.py (SqlAlchemyStore.search_runs: test_order_by_metric_tag_param,
/// test_order_by_attributes, test_search_params, test_search_tags, test_search_metrics, test_search_attrs, test_search_full,
/// test_search_runs_run_name, test_search_runs_run_id, test_search_runs_start_time_alias, test_search_with_deterministic_max_results).</item>
/// </list>
/// Where git-ml answers differently on purpose, the case is in <see cref="Documented_differences"/> with the reason
/// (docs/search.md lists them too).
/// </summary>
public sealed class MlflowConformanceTests
{
    // test_search_utils.py, test_correct_filtering and test_correct_sorting: three runs.
    private static readonly TestRun[] Utils =
    [
        new TestRun("9").With(RunAttributes.Status, "FAILED").With(RunAttributes.StartTime, 0).With(RunAttributes.EndTime, 1).With(RunAttributes.User, "user-id")
            .WithMetric("key1", 121).WithParam("my_param", "A"),
        new TestRun("8").With(RunAttributes.Status, "FINISHED").With(RunAttributes.StartTime, 1).With(RunAttributes.EndTime, 1).With(RunAttributes.User, "user-id")
            .WithMetric("key1", 123).WithParam("my_param", "A").WithTag("tag1", "C"),
        new TestRun("7").With(RunAttributes.Status, "FAILED").With(RunAttributes.StartTime, 1).With(RunAttributes.EndTime, 1).With(RunAttributes.User, "user-id")
            .WithMetric("key1", 125).WithParam("my_param", "B").WithTag("tag1", "D"),
    ];

    [Theory]
    [InlineData(null, "0 1 2")]
    [InlineData("", "0 1 2")]
    [InlineData("attributes.status = 'FAILED'", "0 2")]
    [InlineData("metrics.key1 = 123", "1")]
    [InlineData("metrics.key1 != 123", "0 2")]
    [InlineData("metrics.key1 >= 123", "1 2")]
    [InlineData("params.my_param = 'A'", "0 1")]
    [InlineData("tags.tag1 = 'D'", "2")]
    [InlineData("tags.tag1 != 'D'", "1")]
    [InlineData("params.my_param = 'A' AND attributes.status = 'FAILED'", "0")]
    public void Search_utils_filtering(string? filter, string expected) =>
        Assert.Equal(expected, Indices(Utils, Utils.Where(RunFilter.Parse(filter).Matches)));

    [Theory]
    [InlineData(null, "2 1 0")]
    [InlineData("tags.noSuchTag", "2 1 0")]
    [InlineData("attributes.status", "2 0 1")]
    [InlineData("attributes.start_time", "0 2 1")]
    [InlineData("metrics.key1 asc", "0 1 2")]
    [InlineData("metrics.\"key1\"  desc", "2 1 0")]
    [InlineData("params.my_param", "1 0 2")]
    [InlineData("params.my_param aSc, attributes.status  ASC", "0 1 2")]
    [InlineData("params.my_param, attributes.status DESC", "1 0 2")]
    [InlineData("params.my_param DESC, attributes.status   DESC", "2 1 0")]
    [InlineData("params.`my_param` DESC, attributes.status DESC", "2 1 0")]
    [InlineData("tags.tag1", "1 2 0")]
    [InlineData("tags.tag1    DESC", "2 1 0")]
    public void Search_utils_sorting(string? orderBy, string expected) =>
        Assert.Equal(expected, Indices(Utils, RunOrder.Parse(orderBy).Sort(Utils)));

    [Fact]
    public void Search_utils_filter_by_user_id_start_time_and_end_time()
    {
        // test_filter_runs_by_user_id
        TestRun[] users = [new TestRun("a").With(RunAttributes.User, "user-id"), new TestRun("b").With(RunAttributes.User, "user-id2")];
        Assert.Equal("1", Indices(users, users.Where(RunFilter.Parse("attribute.user_id = 'user-id2'").Matches)));
        // test_filter_runs_by_start_time, test_filter_runs_by_end_time
        TestRun[] timed = [.. new[] { "a", "b", "c" }.Select((id, i) => new TestRun(id).With(RunAttributes.StartTime, i).With(RunAttributes.EndTime, i))];
        foreach (string field in new[] { "start_time", "end_time" })
        {
            Assert.Equal("0 1 2", Indices(timed, timed.Where(RunFilter.Parse($"attribute.{field} >= 0").Matches)));
            Assert.Equal("2", Indices(timed, timed.Where(RunFilter.Parse($"attribute.{field} > 1").Matches)));
            Assert.Equal("2", Indices(timed, timed.Where(RunFilter.Parse($"attribute.{field} = 2").Matches)));
        }
    }

    [Fact]
    public void NaN_sorts_after_every_number_and_missing_after_NaN_in_both_directions()
    {
        // test_search_utils.py test_order_by_metric_with_nans_infs_nones
        string[] values = ["nan", "inf", "-inf", "-1000", "0", "1000", "None"];
        TestRun[] runs = [.. values.Select(v => v == "None" ? new TestRun(v) : new TestRun(v).WithMetric("x", Parse(v)))];
        Assert.Equal("-inf -1000 0 1000 inf nan None", Ids(RunOrder.Parse("metrics.x asc").Sort(runs)));
        Assert.Equal("inf 1000 0 -1000 -inf nan None", Ids(RunOrder.Parse("metrics.x desc").Sort(runs)));
    }

    // test_sqlalchemy_store.py test_order_by_metric_tag_param: eight runs named X/N, metrics x=X and y=N (none for
    // the None run), tag and param "metric" = N, all started at 123.
    private static readonly TestRun[] Ordered =
    [
        .. new[] { "None", "nan", "inf", "-inf", "-1000", "0", "0", "1000" }.Select((x, i) =>
        {
            string n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var run = new TestRun($"{x}/{n}").With(RunAttributes.StartTime, 123).WithTag("metric", n).WithParam("metric", n);
            return x == "None" ? run : run.WithMetric("x", Parse(x)).WithMetric("y", Parse(n));
        }),
    ];

    [Theory]
    [InlineData("metrics.x asc, metrics.y asc", "-inf/4 -1000/5 0/6 0/7 1000/8 inf/3 nan/2 None/1")]
    [InlineData("metrics.x asc, tag.metric asc", "-inf/4 -1000/5 0/6 0/7 1000/8 inf/3 nan/2 None/1")]
    [InlineData("metrics.x asc, metrics.y desc", "-inf/4 -1000/5 0/7 0/6 1000/8 inf/3 nan/2 None/1")]
    [InlineData("metrics.x asc, tag.metric desc", "-inf/4 -1000/5 0/7 0/6 1000/8 inf/3 nan/2 None/1")]
    [InlineData("metrics.x desc, metrics.y asc", "inf/3 1000/8 0/6 0/7 -1000/5 -inf/4 nan/2 None/1")]
    [InlineData("metrics.x desc, param.metric desc", "inf/3 1000/8 0/7 0/6 -1000/5 -inf/4 nan/2 None/1")]
    public void Sql_store_order_by_metric_tag_param(string orderBy, string expected) =>
        Assert.Equal(expected, Ids(RunOrder.Parse(orderBy).Sort(Ordered)));

    [Theory]
    // test_sqlalchemy_store.py test_order_by_attributes: started 123, 124, ...; ended as named (None: not ended).
    [InlineData("attribute.end_time asc", "-123 123 234 456 789 None")]
    [InlineData("attribute.end_time desc", "789 456 234 123 -123 None")]
    [InlineData("attribute.start_time asc, attribute.end_time desc", "234 None 456 -123 789 123")]
    public void Sql_store_order_by_attributes(string orderBy, string expected)
    {
        string[] ends = ["234", "None", "456", "-123", "789", "123"];
        TestRun[] runs = [.. ends.Select((end, i) =>
        {
            var run = new TestRun(end).With(RunAttributes.StartTime, 123 + i);
            return end == "None" ? run : run.With(RunAttributes.EndTime, Parse(end));
        })];
        Assert.Equal(expected, Ids(RunOrder.Parse(orderBy).Sort(runs)));
    }

    // test_search_params and test_search_tags: r1 and r2 with the same values as params (p) and as tags (t).
    private static TestRun[] ValueRuns(bool tags)
    {
        TestRun Set(TestRun run, string key, string value) => tags ? run.WithTag(key, value) : run.WithParam(key, value);
        var r1 = Set(Set(Set(new TestRun("r1"), "generic_param", "p_val"), "generic_2", "some value"), "p_a", "abc");
        var r2 = Set(Set(Set(new TestRun("r2"), "generic_param", "p_val"), "generic_2", "another value"), "p_b", "ABC");
        return [r1, r2];
    }

    [Theory]
    [InlineData("params.generic_param = 'p_val'", "r1 r2")]
    [InlineData("params.generic_2 = 'some value'", "r1")]
    [InlineData("params.generic_2 = 'another value'", "r2")]
    [InlineData("params.generic_param = 'wrong_val'", "")]
    [InlineData("params.generic_param != 'p_val'", "")]
    [InlineData("params.generic_param != 'wrong_val'", "r1 r2")]
    [InlineData("params.generic_2 != 'wrong_val'", "r1 r2")]
    [InlineData("params.p_a = 'abc'", "r1")]
    [InlineData("params.p_a = 'ABC'", "")]
    [InlineData("params.p_a != 'ABC'", "r1")]
    [InlineData("params.p_b = 'ABC'", "r2")]
    [InlineData("params.generic_2 LIKE '%other%'", "r2")]
    [InlineData("params.generic_2 LIKE 'other%'", "")]
    [InlineData("params.generic_2 LIKE '%other'", "")]
    [InlineData("params.generic_2 LIKE 'other'", "")]
    [InlineData("params.generic_2 LIKE '%Other%'", "")]
    [InlineData("params.generic_2 ILIKE '%Other%'", "r2")]
    public void Sql_store_search_params(string filter, string expected) =>
        Assert.Equal(expected, Ids(ValueRuns(tags: false).Where(RunFilter.Parse(filter).Matches)));

    [Theory]
    [InlineData("tags.generic_tag = 'p_val'", "r1 r2")]
    [InlineData("tags.generic_tag = 'P_VAL'", "")]
    [InlineData("tags.generic_tag != 'P_VAL'", "r1 r2")]
    [InlineData("tags.generic_2 = 'some value'", "r1")]
    [InlineData("tags.generic_2 = 'another value'", "r2")]
    [InlineData("tags.generic_tag = 'wrong_val'", "")]
    [InlineData("tags.generic_tag != 'p_val'", "")]
    [InlineData("tags.generic_tag != 'wrong_val'", "r1 r2")]
    [InlineData("tags.generic_2 != 'wrong_val'", "r1 r2")]
    [InlineData("tags.p_a = 'abc'", "r1")]
    [InlineData("tags.p_b = 'ABC'", "r2")]
    [InlineData("tags.generic_2 LIKE '%other%'", "r2")]
    [InlineData("tags.generic_2 LIKE '%Other%'", "")]
    [InlineData("tags.generic_2 LIKE 'other%'", "")]
    [InlineData("tags.generic_2 LIKE '%other'", "")]
    [InlineData("tags.generic_2 LIKE 'other'", "")]
    [InlineData("tags.generic_2 ILIKE '%Other%'", "r2")]
    [InlineData("tags.generic_2 ILIKE '%Other%' and tags.generic_tag = 'p_val'", "r2")]
    [InlineData("tags.generic_2 ILIKE '%Other%' and tags.generic_tag ILIKE 'p_val'", "r2")]
    public void Sql_store_search_tags(string filter, string expected)
    {
        var runs = ValueRuns(tags: true).Select(r => r).ToArray();
        // The store's runs have the tag generic_tag where the params fixture has generic_param.
        runs = [.. runs.Select(r => r.WithTag("generic_tag", r.Tag("generic_param")!))];
        Assert.Equal(expected, Ids(runs.Where(RunFilter.Parse(filter).Matches)));
    }

    // test_search_metrics: the value a run shows is its latest (measure_a 400 logged last; m_b 4.0 has the largest
    // timestamp; the import keeps that rule, MlflowMetricLineTests).
    private static readonly TestRun[] MetricRuns =
    [
        new TestRun("r1").WithMetric("common", 1.0).WithMetric("measure_a", 1.0).WithMetric("m_a", 2.0),
        new TestRun("r2").WithMetric("common", 1.0).WithMetric("measure_a", 400.0).WithMetric("m_b", 4.0),
    ];

    [Theory]
    [InlineData("metrics.common = 1.0", "r1 r2")]
    [InlineData("metrics.common > 0.0", "r1 r2")]
    [InlineData("metrics.common >= 0.0", "r1 r2")]
    [InlineData("metrics.common < 4.0", "r1 r2")]
    [InlineData("metrics.common <= 4.0", "r1 r2")]
    [InlineData("metrics.common != 1.0", "")]
    [InlineData("metrics.common >= 3.0", "")]
    [InlineData("metrics.common <= 0.75", "")]
    [InlineData("metrics.measure_a > 0.0", "r1 r2")]
    [InlineData("metrics.measure_a < 50.0", "r1")]
    [InlineData("metrics.measure_a < 1000.0", "r1 r2")]
    [InlineData("metrics.measure_a != -12.0", "r1 r2")]
    [InlineData("metrics.measure_a > 50.0", "r2")]
    [InlineData("metrics.measure_a = 1.0", "r1")]
    [InlineData("metrics.measure_a = 400.0", "r2")]
    [InlineData("metrics.m_a > 1.0", "r1")]
    [InlineData("metrics.m_b > 1.0", "r2")]
    [InlineData("metrics.m_b > 5.0", "")]
    [InlineData("metrics.m_b = 4.0", "r2")]
    // test_search_full
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0", "r1 r2")]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0", "r1")]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0 and params.p_a LIKE 'a%'", "r1")]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0 and params.p_a LIKE 'A%'", "")]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0 and params.p_a ILIKE 'A%'", "r1")]
    [InlineData("params.random_bad_name = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0", "")]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 100.0", "")]
    public void Sql_store_search_metrics_and_full(string filter, string expected)
    {
        var full = MetricRuns.Zip(ValueRuns(tags: false), (m, p) =>
        {
            var run = new TestRun(m.RunId);
            foreach (string name in new[] { "common", "measure_a", "m_a", "m_b" })
            {
                if (m.Metric(name) is { } value)
                {
                    run.WithMetric(name, value);
                }
            }
            foreach (string name in new[] { "generic_param", "generic_2", "p_a", "p_b" })
            {
                if (p.Param(name) is { } value)
                {
                    run.WithParam(name, value);
                }
            }
            return run;
        }).ToArray();
        Assert.Equal(expected, Ids(full.Where(RunFilter.Parse(filter).Matches)));
    }

    private const string Run1 = "0123456789abcdef0123456789abcdef";
    private const string Run2 = "fedcba9876543210fedcba9876543210";
    private const string ArtifactUri1 = "file:///tmp/artifacts/1/" + Run1 + "/artifacts";

    // test_search_attrs, after r2 was updated to FAILED: r1 RUNNING in experiment 1, r2 FAILED in experiment 2.
    private static readonly TestRun[] AttrRuns =
    [
        new TestRun(Run1).With(RunAttributes.Status, "RUNNING").With(RunAttributes.ArtifactUri, ArtifactUri1),
        new TestRun(Run2).With(RunAttributes.Status, "FAILED").With(RunAttributes.ArtifactUri, "file:///tmp/artifacts/2/" + Run2 + "/artifacts"),
    ];

    [Theory]
    [InlineData("", "0 1")]
    [InlineData("attribute.status != 'blah'", "0 1")]
    [InlineData("attribute.status = 'RUNNING'", "0")]
    [InlineData("attribute.status = 'FAILED'", "1")]
    [InlineData("attribute.status != 'SCHEDULED'", "0 1")]
    [InlineData("attribute.status = 'SCHEDULED'", "")]
    [InlineData("attribute.status = 'KILLED'", "")]
    [InlineData("attr.artifact_uri = '" + ArtifactUri1 + "'", "0")]
    [InlineData("attr.artifact_uri = 'FILE:///TMP/ARTIFACTS/1/0123456789ABCDEF0123456789ABCDEF/ARTIFACTS'", "")]
    [InlineData("attr.artifact_uri != 'FILE:///TMP/ARTIFACTS/1/0123456789ABCDEF0123456789ABCDEF/ARTIFACTS'", "0 1")]
    [InlineData("attr.artifact_uri = 'file:///tmp/artifacts/2/" + Run1 + "/artifacts'", "")]
    [InlineData("attribute.artifact_uri = 'random_artifact_path'", "")]
    [InlineData("attribute.artifact_uri != 'random_artifact_path'", "0 1")]
    [InlineData("attribute.artifact_uri LIKE '%" + Run1 + "%'", "0")]
    [InlineData("attribute.artifact_uri LIKE '%0123456789abcdef%'", "0")]
    [InlineData("attribute.artifact_uri LIKE '%0123456789ABCDEF0123456789ABCDEF%'", "")]
    [InlineData("attribute.artifact_uri ILIKE '%0123456789ABCDEF0123456789ABCDEF%'", "0")]
    [InlineData("attribute.artifact_uri ILIKE '%0123456789ABCDEF%'", "0")]
    public void Sql_store_search_attrs(string filter, string expected) =>
        Assert.Equal(expected, Indices(AttrRuns, AttrRuns.Where(RunFilter.Parse(filter).Matches)));

    [Theory]
    [InlineData("attribute.experiment_id = '1'")]
    [InlineData("attribute.lifecycle_stage = 'ACTIVE'")]
    public void Sql_store_search_attrs_refuses_what_is_not_a_run_attribute(string filter) =>
        Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse(filter));

    // test_search_runs_run_name: git-ml runs keep the name once, as the run's field; tags.mlflow.runName reads it.
    private static readonly TestRun[] Named =
    [
        new TestRun(Run1).With(RunAttributes.RunName, "run_name1").With(RunAttributes.StartTime, 1),
        new TestRun(Run2).With(RunAttributes.RunName, "run_name2").With(RunAttributes.StartTime, 2),
    ];

    [Theory]
    [InlineData("attributes.run_name = 'run_name1'", "0")]
    [InlineData("attributes.`Run name` = 'run_name1'", "0")]
    [InlineData("attributes.`run name` = 'run_name2'", "1")]
    [InlineData("attributes.`Run Name` = 'run_name2'", "1")]
    [InlineData("tags.`mlflow.runName` = 'run_name2'", "1")]
    [InlineData("`Run name` = 'run_name1'", "0")] // the bare attribute in backticks, as sqlparse reads it
    [InlineData("\"Run Name\" = 'run_name2'", "1")]
    [InlineData("tags.mlflow.runName LIKE 'run_name%'", "1 0")]
    public void Sql_store_search_runs_run_name(string filter, string expected) =>
        Assert.Equal(expected, Indices(Named, RunQuery.Parse(filter, null, null).Apply(Named)));

    [Fact]
    public void A_recorded_mlflow_runName_tag_wins_over_the_name()
    {
        var run = new TestRun(Run1).With(RunAttributes.RunName, "field").WithTag("mlflow.runName", "tag");
        Assert.True(RunFilter.Parse("tags.mlflow.runName = 'tag'").Matches(run));
        Assert.False(RunFilter.Parse("tags.mlflow.runName = 'field'").Matches(run));
        Assert.True(RunFilter.Parse("tags.`mlflow.user` IS NULL").Matches(run)); // no user recorded either way
    }

    [Theory]
    // test_search_runs_run_id: run1 started at 1, run2 at 2, both named "name".
    [InlineData("attributes.run_id = '" + Run1 + "'", "0")]
    [InlineData("attributes.run_id != '" + Run1 + "'", "1")]
    [InlineData("attributes.run_id IN ('" + Run1 + "')", "0")]
    [InlineData("run_name = 'name' AND run_id IN ('" + Run1 + "')", "0")]
    [InlineData("attributes.run_id IN ('" + Run1 + "','" + Run2 + "')", "1 0")]
    [InlineData("attributes.run_id IN ('" + Run1 + "', '" + Run2 + "')", "1 0")]
    [InlineData("attributes.run_id IN ('" + Run1 + "',  '" + Run2 + "')", "1 0")]
    [InlineData("attributes.run_id NOT IN ('" + Run1 + "', '" + Run2 + "')", "")]
    public void Sql_store_search_runs_run_id(string filter, string expected)
    {
        TestRun[] runs = [.. Named.Select(r => new TestRun(r.RunId).With(RunAttributes.RunName, "name").With(RunAttributes.StartTime, r.Attribute(RunAttributes.StartTime)!.Value.Number))];
        Assert.Equal(expected, Indices(runs, RunQuery.Parse(filter, null, null).Apply(runs)));
    }

    [Theory]
    // test_search_runs_start_time_alias: created and Created are start_time.
    [InlineData("attributes.run_name = 'name'", "attributes.start_time DESC", "1 0")]
    [InlineData("attributes.run_name = 'name'", "attributes.created ASC", "0 1")]
    [InlineData("attributes.run_name = 'name'", "attributes.Created DESC", "1 0")]
    [InlineData("attributes.start_time > 0", null, "1 0")]
    [InlineData("attributes.created > 1", null, "1")]
    [InlineData("attributes.Created > 2", null, "")]
    public void Sql_store_search_runs_start_time_alias(string filter, string? orderBy, string expected)
    {
        TestRun[] runs = [.. Named.Select(r => new TestRun(r.RunId).With(RunAttributes.RunName, "name").With(RunAttributes.StartTime, r.Attribute(RunAttributes.StartTime)!.Value.Number))];
        Assert.Equal(expected, Indices(runs, RunQuery.Parse(filter, orderBy, null).Apply(runs)));
    }

    [Fact]
    public void Sql_store_search_with_deterministic_max_results()
    {
        // Ten runs started at the same time come back sorted by run id, whatever the limit.
        TestRun[] runs = [.. Enumerable.Range(0, 10).Select(i => new TestRun(TestRun.Id((i * 7) % 10)).With(RunAttributes.StartTime, 10))];
        string[] sorted = [.. runs.Select(r => r.RunId).Order(StringComparer.Ordinal)];
        foreach (int n in new[] { 1, 2, 4, 8, 10, 20 })
        {
            Assert.Equal(sorted.Take(n), RunQuery.Parse(null, null, n).Apply(runs).Select(r => r.RunId));
        }
    }

    /// <summary>
    /// test_search_utils.py test_filter and test_correct_quote_trimming: filters MLflow parses, each with a run (";"
    /// between m:metric=, p:param=, t:tag=, a:attribute=) that must match, while a run with none of it must not.
    /// </summary>
    [Theory]
    [InlineData("metric.acc >= 0.94", "m:acc=0.94")]
    [InlineData("metric.acc>=100", "m:acc=100")]
    [InlineData("params.m!='tf'", "p:m=pt")]
    [InlineData("params.\"m\"!=\"tf\"", "p:m=pt")]
    [InlineData("metric.\"legit name\" >= 0.243", "m:legit name=1")]
    [InlineData("metrics.XYZ = 3", "m:XYZ=3")]
    [InlineData("params.\"cat dog\" = \"pets\"", "p:cat dog=pets")]
    [InlineData("metrics.\"X-Y-Z\" = 3", "m:X-Y-Z=3")]
    [InlineData("metrics.\"X//Y#$$@&Z\" = 3", "m:X//Y#$$@&Z=3")]
    [InlineData("params.model = 'LinearRegression'", "p:model=LinearRegression")]
    [InlineData("metrics.rmse < 1 and params.model_class = 'LR'", "m:rmse=0.5;p:model_class=LR")]
    [InlineData("`metric`.a >= 0.1", "m:a=0.1")]
    [InlineData("tags.version = 'commit-hash'", "t:version=commit-hash")]
    [InlineData("`tags`.source_name = 'a notebook'", "t:source_name=a notebook")]
    [InlineData("metrics.\"accuracy.2.0\" > 5", "m:accuracy.2.0=6")]
    [InlineData("metrics.`spacey name` > 5", "m:spacey name=6")]
    [InlineData("params.\"p.a.r.a.m\" != \"a\"", "p:p.a.r.a.m=b")]
    [InlineData("tags.\"t.a.g\" = \"a\"", "t:t.a.g=a")]
    [InlineData("attribute.artifact_uri = '1/23/4'", "a:artifact_uri=1/23/4")]
    [InlineData("attribute.start_time >= 1234", "a:start_time=1234")]
    [InlineData("run.status = 'RUNNING'", "a:status=RUNNING")]
    [InlineData("tags.version IS NOT NULL", "t:version=x")]
    [InlineData("params.lr IS NOT NULL", "p:lr=0.1")]
    [InlineData("params.m = 'LR'", "p:m=LR")]
    [InlineData("params.m = \"LR\"", "p:m=LR")]
    [InlineData("params.m = \"L'Hosp\"", "p:m=L'Hosp")]
    [InlineData("`params`.model = 'LR'", "p:model=LR")]
    [InlineData("parameters.model = 'LR'", "p:model=LR")]
    public void Filters_mlflow_parses_read_the_same_field_and_value(string filter, string matching)
    {
        var parsed = RunFilter.Parse(filter);
        Assert.True(parsed.Matches(Build(matching)), $"{filter} should match {matching}");
        Assert.False(parsed.Matches(new TestRun("empty")), $"{filter} should not match a run without the value");
    }

    [Theory]
    [InlineData("tags.version IS NULL", "t:other=x")]
    [InlineData("params.lr IS NULL", "p:other=x")]
    [InlineData("tags.a IS NULL AND params.b = 'val'", "p:b=val")]
    public void Is_null_filters_match_runs_without_the_value(string filter, string matching)
    {
        var parsed = RunFilter.Parse(filter);
        Assert.True(parsed.Matches(Build(matching)));
        Assert.False(parsed.Matches(Build(matching).WithTag("version", "v").WithParam("lr", "1").WithTag("a", "x")));
    }

    /// <summary>test_search_utils.py test_error_filter, test_error_comparison_clauses, test_bad_quotes, test_invalid_clauses, test_bad_comparators.</summary>
    [Theory]
    [InlineData("metric.acc >= 0.94; metrics.rmse < 1")]
    [InlineData("m.acc >= 0.94")]
    [InlineData("acc >= 0.94")]
    [InlineData("p.model >= 'LR'")]
    [InlineData("attri.x != 1")]
    [InlineData("a.x != 1")]
    [InlineData("model >= 'LR'")]
    [InlineData("metrics.A > 0.1 OR params.B = 'LR'")]
    [InlineData("metrics.A > 0.1 NAND params.B = 'LR'")]
    [InlineData("metrics.A > 0.1 AND (params.B = 'LR')")]
    [InlineData("`metrics.A > 0.1")]
    [InlineData("param`.A > 0.1")]
    [InlineData("`dummy.A > 0.1")]
    [InlineData("dummy`.A > 0.1")]
    [InlineData("attribute.start != 1")]
    [InlineData("attribute.experiment_id != 1")]
    [InlineData("attribute.lifecycle_stage = 'ACTIVE'")]
    [InlineData("attribute.name != 1")]
    [InlineData("attribute.time != 1")]
    [InlineData("attribute._status != 'RUNNING'")]
    [InlineData("attribute.status = true")]
    [InlineData("dataset.status = 'true'")]
    [InlineData("dataset.profile = 'num_rows: 10'")]
    [InlineData("metric.model = 'LR'")]
    [InlineData("metric.model = '5'")]
    [InlineData("metrics.acc != metrics.acc")]
    [InlineData("1.0 > metrics.acc")]
    [InlineData("attribute.status = 1")]
    [InlineData("params.acc = LR")]
    [InlineData("tags.acc = LR")]
    [InlineData("params.acc = `LR`")]
    [InlineData("params.'acc = LR")]
    [InlineData("params.acc = 'LR")]
    [InlineData("params.acc = LR'")]
    [InlineData("params.acc = \"LR'")]
    [InlineData("tags.acc = \"LR'")]
    [InlineData("tags.acc = = 'LR'")]
    [InlineData("attribute.status IS 'RUNNING'")]
    [InlineData("params.acc LR !=")]
    [InlineData("params.acc LR")]
    [InlineData("metric.acc !=")]
    [InlineData("acc != 1.0")]
    [InlineData("foo is null")]
    [InlineData("1=1")]
    [InlineData("1==2")]
    [InlineData("metrics.abc ~ 1.0")]
    [InlineData("metrics.abc ~= 1.0")]
    [InlineData("params.abc > 'my-param-value'")]
    [InlineData("params.abc <= 'my-param-value'")]
    [InlineData("params.abc ~ 'my-param-value'")]
    [InlineData("tags.abc >= 'my-tag-value'")]
    [InlineData("tags.abc ~ 'my-tag-value'")]
    [InlineData("attributes.status > 'my-tag-value'")]
    [InlineData("attributes.status <= 'my-tag-value'")]
    [InlineData("attributes.status ~ 'my-tag-value'")]
    [InlineData("attributes.start_time LIKE 1234")]
    [InlineData("attributes.start_time ILIKE 1234")]
    [InlineData("datasets.name > 'my-dataset-name'")]
    public void Filters_mlflow_refuses_are_refused(string filter) =>
        Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse(filter));

    /// <summary>test_search_utils.py test_invalid_order_by_search_runs and test_space_order_by_search_runs.</summary>
    [Theory]
    [InlineData("m.acc")]
    [InlineData("acc")]
    [InlineData("attri.x")]
    [InlineData("`metrics.A")]
    [InlineData("`metrics.A`")]
    [InlineData("attribute.start")]
    [InlineData("attribute.experiment_id")]
    [InlineData("metrics.A != 1")]
    [InlineData("attribute.run_id ACS")]
    [InlineData("attribute.run_id decs")]
    [InlineData("metrics.x, metrics.x DESC")] // SqlAlchemyStore: `order_by` contains duplicate fields
    [InlineData("start_time, created DESC")]
    public void Orders_mlflow_refuses_are_refused(string orderBy) =>
        Assert.Throws<RunSearchSyntaxException>(() => RunOrder.Parse(orderBy));

    [Theory]
    [InlineData("metrics.`Mean Square Error`", false)]
    [InlineData("metrics.`Mean Square Error` ASC", false)]
    [InlineData("metrics.`Mean Square Error` DESC", true)]
    public void Orders_with_spaces_in_the_name(string orderBy, bool descending) =>
        Assert.Equal([new RunOrderKey(new RunField(RunEntity.Metric, "Mean Square Error"), descending)], RunOrder.Parse(orderBy).Keys);

    /// <summary>Where git-ml answers otherwise on purpose (docs/search.md, "Differences from MLflow").</summary>
    [Theory]
    // Extensions: MLflow refuses these, git-ml accepts them.
    [InlineData("params.acc = 5", true, "params and tags compare as numbers with a number on the right")]
    [InlineData("tags.acc = 5", true, "params and tags compare as numbers with a number on the right")]
    [InlineData("metrics.acc IS NULL", true, "IS NULL / IS NOT NULL work on every field")]
    [InlineData("attribute.status IS NULL", true, "IS NULL / IS NOT NULL work on every field")]
    [InlineData("attributes.run_name IN ('foo','bar')", true, "IN works on every text field")]
    [InlineData("start_time > '2026-01-31'", true, "times compare with ISO-8601 dates too")]
    // MLflow accepts these, git-ml refuses them.
    [InlineData("dataset.name = 'my_dataset'", false, "MLflow's logged datasets are not part of git-ml runs (data lineage is by content)")]
    [InlineData("attribute.status = 'blah'", false, "an unknown status with = or IN can match nothing: refused as a typo (!= and NOT IN accept it, as MLflow)")]
    public void Documented_differences(string filter, bool accepted, string reason)
    {
        Assert.NotEmpty(reason);
        if (accepted)
        {
            RunFilter.Parse(filter);
        }
        else
        {
            Assert.Throws<RunSearchSyntaxException>(() => RunFilter.Parse(filter));
        }
    }

    [Fact]
    public void Trailing_blanks_after_an_order_are_accepted_where_MLflow_refuses_them() =>
        Assert.Single(RunOrder.Parse("params.my_param ").Keys);

    private static TestRun Build(string spec)
    {
        var run = new TestRun("run");
        foreach (string part in spec.Split(';'))
        {
            string kind = part[..2];
            string key = part[2..part.IndexOf('=', StringComparison.Ordinal)];
            string value = part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..];
            switch (kind)
            {
                case "m:": run.WithMetric(key, Parse(value)); break;
                case "p:": run.WithParam(key, value); break;
                case "t:": run.WithTag(key, value); break;
                default:
                    run = RunAttributes.KindOf(key) == SearchValueKind.Number ? run.With(key, Parse(value)) : run.With(key, value);
                    break;
            }
        }
        return run;
    }

    private static double Parse(string value) => value switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    private static string Ids(IEnumerable<TestRun> runs) => string.Join(' ', runs.Select(r => r.RunId));

    private static string Indices(TestRun[] all, IEnumerable<TestRun> runs) => string.Join(' ', runs.Select(r => Array.IndexOf(all, r)));
}
