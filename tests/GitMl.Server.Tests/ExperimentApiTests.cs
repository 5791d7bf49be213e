namespace GitMl.Server.Tests;

/// <summary>Experiments as MLflow's REST API defines them (service.proto): create, get, get-by-name, search, update, delete, restore, tags.</summary>
public sealed class ExperimentApiTests
{
    [Fact]
    public async Task Create_get_and_get_by_name_answer_as_mlflow_does()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);

        var created = (await server.Post("experiments/create", """{"name": "customer-churn-prediction", "tags": [{"key": "team", "value": "churn"}]}""")).EnsureOk().Json;
        string id = created.GetProperty("experiment_id").GetString()!;
        Assert.True(id.All(char.IsAsciiDigit) && id != "0");

        var experiment = (await server.Get("experiments/get", ("experiment_id", id))).EnsureOk().Json.GetProperty("experiment");
        Assert.Equal("customer-churn-prediction", experiment.GetProperty("name").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.GetProperty("artifact_location").GetString());
        Assert.Equal("team", experiment.GetProperty("tags")[0].GetProperty("key").GetString());

        var byName = (await server.Get("experiments/get-by-name", ("experiment_name", "customer-churn-prediction"))).EnsureOk().Json;
        Assert.Equal(id, byName.GetProperty("experiment").GetProperty("experiment_id").GetString());

        var ajax = await server.Get("/ajax-api/2.0/mlflow/experiments/get-by-name", ("experiment_name", "Default"));
        Assert.Equal("0", ajax.EnsureOk().Json.GetProperty("experiment").GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task Errors_carry_mlflow_error_codes_and_statuses()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        (await server.Post("experiments/create", """{"name": "x"}""")).EnsureOk();

        var duplicate = await server.Post("experiments/create", """{"name": "x"}""");
        Assert.Equal((400, "RESOURCE_ALREADY_EXISTS"), (duplicate.Status, duplicate.ErrorCode));

        var missing = await server.Get("experiments/get", ("experiment_id", "12345"));
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (missing.Status, missing.ErrorCode));

        var noName = await server.Get("experiments/get-by-name", ("experiment_name", "nope"));
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (noName.Status, noName.ErrorCode));

        var required = await server.Post("experiments/create", "{}");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (required.Status, required.ErrorCode));

        var notJson = await server.Post("experiments/create", "{\"name\": ");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (notJson.Status, notJson.ErrorCode));

        var unknown = await server.Get("no/such/endpoint");
        Assert.Equal((404, "ENDPOINT_NOT_FOUND"), (unknown.Status, unknown.ErrorCode));
    }

    [Fact]
    public async Task Search_update_delete_restore_and_tags()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string a = (await server.Post("experiments/create", """{"name": "churn-a"}""")).Json.GetProperty("experiment_id").GetString()!;
        (await server.Post("experiments/create", """{"name": "fraud"}""")).EnsureOk();

        var found = (await server.Post("experiments/search", """{"max_results": 10, "filter": "name LIKE 'churn%'"}""")).EnsureOk().Json.GetProperty("experiments");
        Assert.Equal(["churn-a"], found.EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        (await server.Post("experiments/update", $$"""{"experiment_id": "{{a}}", "new_name": "churn-b"}""")).EnsureOk();
        (await server.Post("experiments/set-experiment-tag", $$"""{"experiment_id": "{{a}}", "key": "owner", "value": "alice"}""")).EnsureOk();
        var renamed = (await server.Get("experiments/get", ("experiment_id", a))).Json.GetProperty("experiment");
        Assert.Equal("churn-b", renamed.GetProperty("name").GetString());
        Assert.Equal("alice", renamed.GetProperty("tags")[0].GetProperty("value").GetString());

        (await server.Post("experiments/delete", $$"""{"experiment_id": "{{a}}"}""")).EnsureOk();
        var active = (await server.Get("experiments/search", ("max_results", "100"))).EnsureOk().Json.GetProperty("experiments");
        Assert.DoesNotContain(active.EnumerateArray(), e => e.GetProperty("experiment_id").GetString() == a);
        var deleted = (await server.Post("experiments/search", """{"view_type": "DELETED_ONLY"}""")).EnsureOk().Json.GetProperty("experiments");
        Assert.Equal(a, deleted[0].GetProperty("experiment_id").GetString());

        (await server.Post("experiments/restore", $$"""{"experiment_id": "{{a}}"}""")).EnsureOk();
        Assert.Equal("active", (await server.Get("experiments/get", ("experiment_id", a))).Json.GetProperty("experiment").GetProperty("lifecycle_stage").GetString());
    }

    [Fact]
    public async Task Search_pages_with_max_results_and_the_next_page_token()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        for (int i = 0; i < 5; i++)
        {
            (await server.Post("experiments/create", $$"""{"name": "e{{i}}"}""")).EnsureOk();
        }
        var names = new List<string>();
        string? token = null;
        do
        {
            string body = token is null ? """{"max_results": 2, "order_by": ["name ASC"]}""" : $$"""{"max_results": 2, "order_by": ["name ASC"], "page_token": "{{token}}"}""";
            var page = (await server.Post("experiments/search", body)).EnsureOk().Json;
            names.AddRange(page.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(["Default", "e0", "e1", "e2", "e3", "e4"], names);
    }
}
