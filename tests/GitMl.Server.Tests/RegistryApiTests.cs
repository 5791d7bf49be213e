using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Core.Runs;

namespace GitMl.Server.Tests;

/// <summary>The model registry through MLflow's API is git-ml's registry (refs/ml/registry), with its bytes in the store.</summary>
public sealed class RegistryApiTests
{
    /// <summary>The seed's workflow, request by request as MLflow's 2.x client sends it.</summary>
    [Fact]
    public async Task The_seed_workflow_logs_registers_promotes_and_serves_the_same_bytes_git_ml_resolves()
    {
        using var repo = new TestRepository();
        string commit = repo.Head;
        await using var server = await TestServer.Start(repo);
        string experiment = (await server.Post("experiments/create", """{"name": "customer-churn-prediction"}""")).EnsureOk().Json.GetProperty("experiment_id").GetString()!;
        var created = (await server.Post("runs/create", $$"""{"experiment_id": "{{experiment}}", "start_time": 1767225600000, "tags": [{"key": "mlflow.source.git.commit", "value": "{{commit}}"}, {"key": "mlflow.user", "value": "alice"}, {"key": "mlflow.source.name", "value": "src/train_with_mlflow.py"}]}""")).EnsureOk().Json;
        string runId = created.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        string artifactUri = created.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        (await server.Post("runs/log-batch", $$"""{"run_id": "{{runId}}", "params": [{"key": "learning_rate", "value": "0.001"}, {"key": "epochs", "value": "50"}]}""")).EnsureOk();
        for (int step = 0; step < 50; step++)
        {
            (await server.Post("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "train_loss", "value": {{(1.0 / (step + 1)).ToString(CultureInfo.InvariantCulture)}}, "timestamp": {{1767225600000 + step}}, "step": {{step}}}""")).EnsureOk();
        }
        (await server.Post("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "test_accuracy", "value": 0.94, "timestamp": 1767225700000, "step": 0}""")).EnsureOk();
        byte[] pickle = RandomNumberGenerator.GetBytes(200_000);
        byte[] mlmodel = "artifact_path: model\nflavors:\n  sklearn: {}\n"u8.ToArray();
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, artifactUri, "model/model.pkl", pickle)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, artifactUri, "model/MLmodel", mlmodel)).StatusCode);
        string modelJson = $$$"""{\"artifact_path\": \"model\", \"flavors\": {\"sklearn\": {}}, \"utc_time_created\": \"2026-01-01 00:00:00.000000\", \"run_id\": \"{{{runId}}}\"}""";
        (await server.Post("runs/log-model", $$"""{"run_id": "{{runId}}", "model_json": "{{modelJson}}"}""")).EnsureOk();
        (await server.Post("runs/update", $$"""{"run_id": "{{runId}}", "status": "FINISHED", "end_time": 1767225800000}""")).EnsureOk();

        (await server.Post("registered-models/create", """{"name": "customer-churn-rf"}""")).EnsureOk();
        var again = await server.Post("registered-models/create", """{"name": "customer-churn-rf"}""");
        Assert.Equal((400, "RESOURCE_ALREADY_EXISTS"), (again.Status, again.ErrorCode));
        var version = (await server.Post("model-versions/create", $$"""{"name": "customer-churn-rf", "source": "{{artifactUri}}/model", "run_id": "{{runId}}"}""")).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal(("1", "READY", "None"), (version.GetProperty("version").GetString(), version.GetProperty("status").GetString(), version.GetProperty("current_stage").GetString()));
        Assert.Equal(runId, version.GetProperty("run_id").GetString());

        var staging = (await server.Post("model-versions/transition-stage", """{"name": "customer-churn-rf", "version": "1", "stage": "Staging", "archive_existing_versions": false}""")).EnsureOk();
        Assert.Equal("Staging", staging.Json.GetProperty("model_version").GetProperty("current_stage").GetString());
        (await server.Post("model-versions/transition-stage", """{"name": "customer-churn-rf", "version": "1", "stage": "Production", "archive_existing_versions": false}""")).EnsureOk();
        var latest = (await server.Post("registered-models/get-latest-versions", """{"name": "customer-churn-rf", "stages": ["Production"]}""")).EnsureOk().Json.GetProperty("model_versions");
        Assert.Equal("1", Assert.Single(latest.EnumerateArray()).GetProperty("version").GetString());

        // models:/customer-churn-rf/Production as the client downloads it: get-download-uri, then the artifact proxy.
        string downloadUri = (await server.Get("model-versions/get-download-uri", ("name", "customer-churn-rf"), ("version", "1"))).EnsureOk().Json.GetProperty("artifact_uri").GetString()!;
        var downloaded = await ArtifactClient.DownloadAll(server.Client, downloadUri);
        Assert.Equal(pickle, downloaded["model.pkl"]);
        Assert.Equal(mlmodel, downloaded["MLmodel"]);

        var resolved = new ModelRegistry(repo.Repo).Resolve(ModelUri.Parse("models:/customer-churn-rf/Production"), null);
        Assert.True(resolved.Version.IsDirectory);
        Assert.Equal(runId, resolved.Version.RunId);
        Assert.Equal(commit, resolved.Version.Commit);
        Assert.Equal(0.94, resolved.Version.Metrics["test_accuracy"]);
        string output = Path.Combine(repo.Path, "served");
        new ModelRegistry(repo.Repo).Get(ModelUri.Parse("models:/customer-churn-rf/Production"), null, output);
        Assert.Equal(pickle, File.ReadAllBytes(Path.Combine(output, "model.pkl")));
        var run = Assert.Single(RunCatalog.Read(repo.Repo).Runs);
        Assert.Contains("\"artifact_path\":\"model\"", run.Tags["mlflow.log-model.history"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_errors_aliases_tags_search_and_gits_rules()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string runId = await RunApiTests.CreateRun(server);
        string uri = (await server.Get("runs/get", ("run_id", runId))).Json.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        await ArtifactClient.Upload(server.Client, uri, "m1/model.bin", [1, 2, 3]);
        string otherRun = await RunApiTests.CreateRun(server);
        string otherUri = (await server.Get("runs/get", ("run_id", otherRun))).Json.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        await ArtifactClient.Upload(server.Client, otherUri, "m2/model.bin", [4, 5, 6]);

        var missing = await server.Get("registered-models/get", ("name", "nope"));
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (missing.Status, missing.ErrorCode));
        var badName = await server.Post("registered-models/create", """{"name": "../escape"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (badName.Status, badName.ErrorCode));
        (await server.Post("registered-models/create", """{"name": "churn", "description": "first", "tags": [{"key": "team", "value": "a"}]}""")).EnsureOk();
        var elsewhere = await server.Post("model-versions/create", """{"name": "churn", "source": "s3://bucket/model"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (elsewhere.Status, elsewhere.ErrorCode));
        var traversal = await server.Post("model-versions/create", $$"""{"name": "churn", "source": "{{uri}}/../../x"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (traversal.Status, traversal.ErrorCode));

        (await server.Post("model-versions/create", $$"""{"name": "churn", "source": "runs:/{{runId}}/m1", "run_id": "{{runId}}", "description": "v1"}""")).EnsureOk();
        // Without run_id, git-ml still links the version to the run whose artifacts it registers (lineage; docs/mlflow.md).
        var second = (await server.Post("model-versions/create", $$"""{"name": "churn", "source": "{{otherUri}}/m2"}""")).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal(otherRun, second.GetProperty("run_id").GetString());
        (await server.Post("registered-models/alias", """{"name": "churn", "alias": "champion", "version": "2"}""")).EnsureOk();
        var champion = (await server.Get("registered-models/alias", ("name", "churn"), ("alias", "champion"))).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("2", champion.GetProperty("version").GetString());
        string championUri = (await server.Get("model-versions/get-download-uri", ("name", "churn"), ("version", "2"))).Json.GetProperty("artifact_uri").GetString()!;
        Assert.Equal(new byte[] { 4, 5, 6 }, (await ArtifactClient.DownloadAll(server.Client, championUri))["model.bin"]);

        (await server.Post("model-versions/set-tag", """{"name": "churn", "version": "1", "key": "validated", "value": "yes"}""")).EnsureOk();
        (await server.Patch("model-versions/update", """{"name": "churn", "version": "1", "description": "reviewed"}""")).EnsureOk();
        var v1 = (await server.Get("model-versions/get", ("name", "churn"), ("version", "1"))).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal(("reviewed", "yes"), (v1.GetProperty("description").GetString(), v1.GetProperty("tags")[0].GetProperty("value").GetString()));
        var noVersion = await server.Get("model-versions/get", ("name", "churn"), ("version", "9"));
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (noVersion.Status, noVersion.ErrorCode));

        var byRun = (await server.Get("model-versions/search", ("filter", $"run_id = '{runId}'"))).EnsureOk().Json.GetProperty("model_versions");
        Assert.Equal(["1"], byRun.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var models = (await server.Get("registered-models/search", ("filter", "name LIKE 'ch%'"))).EnsureOk().Json.GetProperty("registered_models");
        Assert.Equal("churn", Assert.Single(models.EnumerateArray()).GetProperty("name").GetString());

        var protectedDelete = await server.Delete("model-versions/delete", """{"name": "churn", "version": "2"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (protectedDelete.Status, protectedDelete.ErrorCode));
        (await server.Delete("registered-models/alias", """{"name": "churn", "alias": "champion"}""")).EnsureOk();
        (await server.Delete("model-versions/delete", """{"name": "churn", "version": "2"}""")).EnsureOk();
        Assert.True(new ModelRegistry(repo.Repo).Read().Require("churn").Require(2).IsDeleted);

        var renamed = await server.Post("registered-models/rename", """{"name": "churn", "new_name": "churn2"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (renamed.Status, renamed.ErrorCode));
    }

    [Fact]
    public async Task Mlflow_3_logged_models_register_to_a_ready_version_the_client_can_download()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        string runId = await RunApiTests.CreateRun(server);
        var model = (await server.Post("logged-models", $$"""{"experiment_id": "0", "name": "model", "model_type": "", "source_run_id": "{{runId}}", "params": [{"key": "n", "value": "3"}]}""")).EnsureOk().Json.GetProperty("model").GetProperty("info");
        string modelId = model.GetProperty("model_id").GetString()!;
        string location = model.GetProperty("artifact_uri").GetString()!;
        Assert.Equal("LOGGED_MODEL_PENDING", model.GetProperty("status").GetString());
        Assert.Equal($"mlflow-artifacts:/0/models/{modelId}/artifacts", location);
        byte[] weights = RandomNumberGenerator.GetBytes(50_000);
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, location, "model.pkl", weights)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, location, "MLmodel", "flavors: {}\n"u8.ToArray())).StatusCode);
        (await server.Patch($"logged-models/{modelId}/tags", """{"tags": [{"key": "mlflow.source.type", "value": "LOCAL"}]}""")).EnsureOk();
        var finalized = (await server.Patch($"logged-models/{modelId}", $$"""{"model_id": "{{modelId}}", "status": "LOGGED_MODEL_READY"}""")).EnsureOk().Json;
        Assert.Equal("LOGGED_MODEL_READY", finalized.GetProperty("model").GetProperty("info").GetProperty("status").GetString());
        (await server.Post("runs/outputs", $$"""{"run_id": "{{runId}}", "models": [{"model_id": "{{modelId}}", "step": 0}]}""")).EnsureOk();
        var listed = (await server.Get($"logged-models/{modelId}/artifacts/directories")).EnsureOk().Json.GetProperty("files");
        Assert.Equal(2, listed.GetArrayLength());
        var found = (await server.Post("logged-models/search", """{"experiment_ids": ["0"], "filter": "name = 'model'"}""")).EnsureOk().Json.GetProperty("models");
        Assert.Single(found.EnumerateArray());

        // register_model("models:/m-...", name) in MLflow 3: create the model, then a version from the logged model.
        (await server.Post("registered-models/create", """{"name": "churn"}""")).EnsureOk();
        var version = (await server.Post("model-versions/create", $$"""{"name": "churn", "source": "{{location}}", "run_id": "{{runId}}", "model_id": "{{modelId}}"}""")).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal(("READY", modelId), (version.GetProperty("status").GetString(), version.GetProperty("model_id").GetString()));
        var registrations = (await server.Get($"logged-models/{modelId}")).EnsureOk().Json.GetProperty("model").GetProperty("info").GetProperty("registrations");
        Assert.Equal("churn", registrations[0].GetProperty("name").GetString());

        (await server.Post("registered-models/alias", """{"name": "churn", "alias": "prod", "version": "1"}""")).EnsureOk();
        string uri = (await server.Get("model-versions/get-download-uri", ("name", "churn"), ("version", "1"))).Json.GetProperty("artifact_uri").GetString()!;
        Assert.Equal(weights, (await ArtifactClient.DownloadAll(server.Client, uri))["model.pkl"]);
        (await server.Post("runs/update", $$"""{"run_id": "{{runId}}", "status": "FINISHED"}""")).EnsureOk();
        var run = (await server.Get("runs/get", ("run_id", runId))).EnsureOk().Json.GetProperty("run");
        Assert.Equal(modelId, run.GetProperty("outputs").GetProperty("model_outputs")[0].GetProperty("model_id").GetString());
        var resolved = new ModelRegistry(repo.Repo).Resolve(ModelUri.Parse("models:/churn@prod"), null);
        Assert.True(ObjectId.TryParse(resolved.Version.Oid, out _));
    }
}
