using System.Globalization;
using System.Text;
using GitMl.Core.Runs;

namespace GitMl.Server.Tests;

/// <summary>Runs through the REST API become ordinary git-ml runs (notes) when they end.</summary>
public sealed class RunApiTests
{
    internal static async Task<string> CreateRun(TestServer server, string experimentId = "0", string? commit = null, string extraTags = "")
    {
        string tags = commit is null ? "[" + extraTags + "]" : $$"""[{"key": "mlflow.source.git.commit", "value": "{{commit}}"}{{(extraTags.Length > 0 ? ", " + extraTags : "")}}]""";
        var created = (await server.Post("runs/create", $$"""{"experiment_id": "{{experimentId}}", "user_id": "alice", "start_time": 1767225600000, "tags": {{tags}}, "run_name": "rf-baseline"}""")).EnsureOk().Json;
        return created.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    [Fact]
    public async Task A_run_logged_through_the_api_becomes_a_note_on_the_commit_the_client_reports()
    {
        using var repo = new TestRepository();
        string reported = repo.Head;
        repo.Commit("train.py", "print(1)\n", "later work");
        await using var server = await TestServer.Start(repo);
        string id = await CreateRun(server, commit: reported);

        (await server.Post("runs/log-parameter", $$"""{"run_id": "{{id}}", "key": "n_estimators", "value": "100"}""")).EnsureOk();
        for (int step = 0; step < 50; step++)
        {
            (await server.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "loss", "value": {{(1.0 / (step + 1)).ToString(CultureInfo.InvariantCulture)}}, "timestamp": {{1767225600000 + step}}, "step": {{step}}}""")).EnsureOk();
        }
        (await server.Post("runs/set-tag", $$"""{"run_id": "{{id}}", "key": "team", "value": "churn"}""")).EnsureOk();

        var running = (await server.Get("runs/get", ("run_id", id))).EnsureOk().Json.GetProperty("run");
        Assert.Equal("RUNNING", running.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal($"mlflow-artifacts:/0/{id}/artifacts", running.GetProperty("info").GetProperty("artifact_uri").GetString());
        var loss = running.GetProperty("data").GetProperty("metrics")[0];
        Assert.Equal(("loss", 0.02, 49L), (loss.GetProperty("key").GetString(), loss.GetProperty("value").GetDouble(), loss.GetProperty("step").GetInt64()));
        Assert.Empty(RunCatalog.Read(repo.Repo).Runs);

        var ended = (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED", "end_time": 1767225700000}""")).EnsureOk().Json;
        Assert.Equal("FINISHED", ended.GetProperty("run_info").GetProperty("status").GetString());

        var run = Assert.Single(RunCatalog.Read(repo.Repo).Runs);
        Assert.Equal(id, run.Id.Hex);
        Assert.Equal(reported, run.Commit);
        Assert.Equal("rf-baseline", run.Name);
        Assert.Equal("100", run.Params["n_estimators"]);
        Assert.Equal(50, run.Metric("loss")!.Count);
        Assert.Equal("churn", run.Tags["team"]);
        Assert.Equal("0", run.Tags["git-ml.experiment.id"]);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(repo.Path, ".git", "ml", "server", "runs")));

        var history = (await server.Get("metrics/get-history", ("run_id", id), ("metric_key", "loss"))).EnsureOk().Json.GetProperty("metrics");
        Assert.Equal(50, history.GetArrayLength());
        Assert.Equal(1767225600049, history[49].GetProperty("timestamp").GetInt64());
        var afterEnd = (await server.Get("runs/get", ("run_id", id))).EnsureOk().Json.GetProperty("run");
        Assert.Equal("FINISHED", afterEnd.GetProperty("info").GetProperty("status").GetString());
        Assert.DoesNotContain(afterEnd.GetProperty("data").GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString()!.StartsWith("git-ml.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_commit_or_with_one_the_repository_lacks_the_run_goes_on_head()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string plain = await CreateRun(server);
        string foreign = await CreateRun(server, commit: new string('a', 40));
        foreach (string id in new[] { plain, foreign })
        {
            (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FAILED"}""")).EnsureOk();
        }
        var runs = RunCatalog.Read(repo.Repo).Runs;
        Assert.All(runs, r => Assert.Equal(repo.Head, r.Commit));
        Assert.Equal(new string('a', 40), runs.Single(r => r.Id.Hex == foreign).Tags["mlflow.source.git.commit"]);
    }

    [Fact]
    public async Task Log_batch_history_paging_and_mlflows_rules()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string id = await CreateRun(server);
        var metrics = string.Join(", ", Enumerable.Range(0, 998).Select(i => $$"""{"key": "acc", "value": {{i}}, "timestamp": {{1767225600000 + i}}, "step": {{i}}}"""));
        (await server.Post("runs/log-batch", $$"""{"run_id": "{{id}}", "metrics": [{{metrics}}], "params": [{"key": "lr", "value": "0.1"}], "tags": [{"key": "t", "value": "v"}]}""")).EnsureOk();

        var ids = new List<long>();
        string? token = null;
        do
        {
            var query = new List<(string, string)> { ("run_id", id), ("metric_key", "acc"), ("max_results", "300") };
            if (token is not null)
            {
                query.Add(("page_token", token));
            }
            var page = (await server.Get("metrics/get-history", [.. query])).EnsureOk().Json;
            ids.AddRange(page.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 998).Select(i => (long)i), ids);

        var changed = await server.Post("runs/log-parameter", $$"""{"run_id": "{{id}}", "key": "lr", "value": "0.2"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (changed.Status, changed.ErrorCode));
        (await server.Post("runs/log-parameter", $$"""{"run_id": "{{id}}", "key": "lr", "value": "0.1"}""")).EnsureOk();

        var tooMany = string.Join(", ", Enumerable.Range(0, 1001).Select(i => $$"""{"key": "m", "value": 1, "timestamp": 1, "step": {{i}}}"""));
        var refused = await server.Post("runs/log-batch", $$"""{"run_id": "{{id}}", "metrics": [{{tooMany}}]}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (refused.Status, refused.ErrorCode));

        var unknown = await server.Post("runs/log-metric", $$"""{"run_id": "{{new string('0', 32)}}", "key": "x", "value": 1, "timestamp": 1}""");
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (unknown.Status, unknown.ErrorCode));
    }

    [Fact]
    public async Task Bare_NaN_and_control_characters_from_a_python_client_are_stored_and_break_nothing()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string id = await CreateRun(server);
        // Python's json.dumps writes float('nan') as the bare token NaN.
        (await server.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "loss", "value": NaN, "timestamp": 1, "step": 0}""")).EnsureOk();
        (await server.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "gain", "value": -Infinity, "timestamp": 1, "step": 0}""")).EnsureOk();
        (await server.Post("runs/log-parameter", $$"""{"run_id": "{{id}}", "key": "evil\u001b[2J\nkey", "value": "line1\nline2\u0007"}""")).EnsureOk();
        (await server.Post("runs/set-tag", $$"""{"run_id": "{{id}}", "key": "note", "value": "NaN Infinity \"NaN\""}""")).EnsureOk();
        (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED"}""")).EnsureOk();

        var run = Assert.Single(RunCatalog.Read(repo.Repo).Runs);
        Assert.True(double.IsNaN(run.Metric("loss")!.Value));
        Assert.Equal(double.NegativeInfinity, run.Metric("gain")!.Value);
        Assert.Equal("line1\nline2\u0007", run.Params["evil\u001b[2J\nkey"]);
        Assert.Equal("NaN Infinity \"NaN\"", run.Tags["note"]);
        var got = (await server.Get("runs/get", ("run_id", id))).EnsureOk();
        Assert.Contains("\"NaN\"", got.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ended_runs_take_tags_delete_and_restore_as_amendments_but_refuse_new_metrics()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string id = await CreateRun(server);
        (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED"}""")).EnsureOk();

        (await server.Post("runs/set-tag", $$"""{"run_id": "{{id}}", "key": "reviewed", "value": "yes"}""")).EnsureOk();
        (await server.Post("runs/delete", $$"""{"run_id": "{{id}}"}""")).EnsureOk();
        var run = Assert.Single(RunCatalog.Read(repo.Repo).Runs);
        Assert.True(run.Deleted);
        Assert.Equal("yes", run.Tags["reviewed"]);
        var hidden = (await server.Post("runs/search", """{"experiment_ids": ["0"]}""")).EnsureOk().Json;
        Assert.False(hidden.TryGetProperty("runs", out _));
        (await server.Post("runs/restore", $$"""{"run_id": "{{id}}"}""")).EnsureOk();
        Assert.False(RunCatalog.Read(repo.Repo).Runs[0].Deleted);

        var late = await server.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "x", "value": 1, "timestamp": 1}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (late.Status, late.ErrorCode));
    }

    [Fact]
    public async Task Search_filters_orders_and_pages_runs_of_the_asked_experiments()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string experiment = (await server.Post("experiments/create", """{"name": "churn"}""")).Json.GetProperty("experiment_id").GetString()!;
        for (int i = 0; i < 6; i++)
        {
            string id = await CreateRun(server, experiment);
            (await server.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "acc", "value": {{i / 10.0}}, "timestamp": 1}""")).EnsureOk();
            (await server.Post("runs/log-parameter", $$"""{"run_id": "{{id}}", "key": "i", "value": "{{i}}"}""")).EnsureOk();
            if (i % 2 == 0)
            {
                (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED"}""")).EnsureOk();
            }
        }
        await CreateRun(server); // in the Default experiment: not asked for

        var values = new List<string>();
        string? token = null;
        do
        {
            string tokenField = token is null ? "" : $$""", "page_token": "{{token}}" """;
            var page = (await server.Post("runs/search", $$"""{"experiment_ids": ["{{experiment}}"], "filter": "metrics.acc >= 0.1", "order_by": ["metrics.acc DESC"], "max_results": 2{{tokenField}}}""")).EnsureOk().Json;
            values.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("data").GetProperty("params")[0].GetProperty("value").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(["5", "4", "3", "2", "1"], values);

        var bad = await server.Post("runs/search", $$"""{"experiment_ids": ["{{experiment}}"], "filter": "metrics.acc >>> 1"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (bad.Status, bad.ErrorCode));
    }

    [Fact]
    public async Task A_run_in_progress_survives_a_server_restart_and_a_torn_last_line()
    {
        using var repo = new TestRepository();
        string id;
        await using (var first = await TestServer.Start(repo))
        {
            id = await CreateRun(first);
            for (int step = 0; step < 10; step++)
            {
                (await first.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "loss", "value": {{step}}, "timestamp": 1, "step": {{step}}}""")).EnsureOk();
            }
        }
        string journal = Path.Combine(repo.Path, ".git", "ml", "server", "runs", id + ".jsonl");
        File.AppendAllText(journal, "{\"t\":\"m\",\"k\":\"loss\",\"v\":9", Encoding.UTF8); // a crash in the middle of a write

        await using var second = await TestServer.Start(repo);
        Assert.Contains(second.Recovery, line => line.Contains("cut off", StringComparison.Ordinal));
        var run = (await second.Get("runs/get", ("run_id", id))).EnsureOk().Json.GetProperty("run");
        Assert.Equal("RUNNING", run.GetProperty("info").GetProperty("status").GetString());
        (await second.Post("runs/log-metric", $$"""{"run_id": "{{id}}", "key": "loss", "value": 10, "timestamp": 1, "step": 10}""")).EnsureOk();
        (await second.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED"}""")).EnsureOk();
        var recorded = Assert.Single(RunCatalog.Read(repo.Repo).Runs);
        Assert.Equal(11, recorded.Metric("loss")!.Count);
        Assert.Equal(10, recorded.Metric("loss")!.Value);
    }

    [Fact]
    public async Task Twenty_concurrent_clients_logging_a_thousand_steps_each_lose_nothing()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        var ids = new string[20];
        for (int c = 0; c < ids.Length; c++)
        {
            ids[c] = await CreateRun(server);
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (c, _) =>
        {
            for (int step = 0; step < 1000; step++)
            {
                (await server.Post("runs/log-metric", $$"""{"run_id": "{{ids[c]}}", "key": "loss", "value": {{step}}, "timestamp": {{step}}, "step": {{step}}}""")).EnsureOk();
            }
            (await server.Post("runs/update", $$"""{"run_id": "{{ids[c]}}", "status": "FINISHED"}""")).EnsureOk();
        });
        var runs = RunCatalog.Read(repo.Repo).Runs;
        Assert.Equal(20, runs.Count);
        foreach (var run in runs)
        {
            var points = MetricHistory.Points(run.Metric("loss")!, repo.Repo.Store);
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), points.Select(p => p.Step));
        }
    }
}
