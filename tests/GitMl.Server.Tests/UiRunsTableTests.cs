using System.Globalization;

namespace GitMl.Server.Tests;

/// <summary>The runs table endpoint of the UI (ajax-api/git-ml/runs-table): the columns it promises, MLflow's filter grammar, its errors.</summary>
public sealed class UiRunsTableTests
{
    [Fact]
    public async Task Runs_come_as_arrays_with_metrics_and_params_aligned_to_their_keys_and_filtered_like_runs_search()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        var ids = new List<string>();
        for (int k = 0; k < 4; k++)
        {
            string id = await RunApiTests.CreateRun(server, commit: repo.Head);
            string param = k == 3 ? "" : $$""", "params": [{"key": "model", "value": "{{(k % 2 == 0 ? "rf" : "xgb")}}"}]""";
            (await server.Post("runs/log-batch", $$"""{"run_id": "{{id}}", "metrics": [{"key": "acc", "value": {{(0.5 + (k / 10.0)).ToString(CultureInfo.InvariantCulture)}}, "timestamp": 1, "step": 0}]{{param}}}""")).EnsureOk();
            if (k < 3)
            {
                (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED"}""")).EnsureOk();
            }
            ids.Add(id);
        }

        var table = (await server.Get("/ajax-api/git-ml/runs-table")).EnsureOk().Json;
        Assert.Equal(["id", "name", "status", "start", "end", "experiment_id", "user", "commit", "branch", "dirty", "metrics", "params"],
            table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["acc"], table.GetProperty("metrics").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["model"], table.GetProperty("params").EnumerateArray().Select(c => c.GetString()));
        var rows = table.GetProperty("runs").EnumerateArray().ToDictionary(r => r[0].GetString()!);
        Assert.Equal(ids.ToHashSet(), rows.Keys.ToHashSet());
        Assert.Equal("RUNNING", rows[ids[3]][2].GetString()); // a run in progress is in the table too
        Assert.Equal(repo.Head, rows[ids[0]][7].GetString());
        Assert.Equal(0.6, rows[ids[1]][10][0].GetDouble(), 9);
        Assert.Equal("xgb", rows[ids[1]][11][0].GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[ids[3]][11][0].ValueKind);

        var filtered = (await server.Get("/ajax-api/git-ml/runs-table", ("filter", "metrics.acc >= 0.6 and params.model = 'rf'"))).EnsureOk().Json;
        Assert.Equal([ids[2]], filtered.GetProperty("runs").EnumerateArray().Select(r => r[0].GetString()));

        var broken = await server.Get("/ajax-api/git-ml/runs-table", ("filter", "metrics.acc >"));
        Assert.Equal(400, broken.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", broken.ErrorCode);
        Assert.Contains("position", broken.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
