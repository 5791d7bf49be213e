using System.Net;
using System.Security.Cryptography;
using GitMl.Core.Runs;

namespace GitMl.Server.Tests;

/// <summary>The artifact proxy: uploads go into git-ml's store and onto the run; every path a client sends is hostile.</summary>
public sealed class ArtifactProxyTests
{
    private static async Task<(string RunId, string ArtifactUri)> Run(TestServer server)
    {
        string id = await RunApiTests.CreateRun(server);
        string uri = (await server.Get("runs/get", ("run_id", id))).Json.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        return (id, uri);
    }

    [Fact]
    public async Task Uploads_are_stored_listed_downloaded_and_become_the_runs_outputs()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        var (id, uri) = await Run(server);
        byte[] model = RandomNumberGenerator.GetBytes(300_000);
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, uri, "model/model.pkl", model)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, uri, "model/MLmodel", "flavors: {}\n"u8.ToArray())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ArtifactClient.Upload(server.Client, uri, "metrics/final_metrics.json", "{\"accuracy\": 0.94}"u8.ToArray())).StatusCode);

        var files = await ArtifactClient.DownloadAll(server.Client, uri);
        Assert.Equal(["metrics/final_metrics.json", "model/MLmodel", "model/model.pkl"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(model, files["model/model.pkl"]);

        var listed = (await server.Get("artifacts/list", ("run_id", id), ("path", "model"))).EnsureOk().Json;
        Assert.Equal(uri, listed.GetProperty("root_uri").GetString());
        Assert.Equal(["model/MLmodel", "model/model.pkl"], listed.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));

        (await server.Post("runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED"}""")).EnsureOk();
        var run = Assert.Single(RunCatalog.Read(repo.Repo).Runs);
        Assert.Equal(["metrics/final_metrics.json", "model/MLmodel", "model/model.pkl"], run.Outputs.Select(o => o.Path));
        Assert.True(repo.Repo.Store.Contains(run.Outputs[2].Oid));
        Assert.Equal(model, await server.Client.GetByteArrayAsync($"{ArtifactClient.Proxy}/{ArtifactClient.PathOf(uri)}/model/model.pkl"));

        var late = await ArtifactClient.Upload(server.Client, uri, "late.txt", [1]);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("model/../../x")]
    [InlineData("%2e%2e/%2e%2e/x")]
    [InlineData("..%252F..%252Fx")]
    [InlineData("..%2F..%2Fx")]
    [InlineData("a%5Cb")]
    [InlineData("bad%0Aname")]
    [InlineData("%2Fetc%2Fpasswd")]
    public async Task A_path_that_escapes_or_smuggles_is_refused_and_nothing_is_recorded(string hostile)
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo);
        var (id, uri) = await Run(server);
        string root = $"{ArtifactClient.Proxy}/{ArtifactClient.PathOf(uri)}";
        int upload = await ArtifactClient.RawStatus(server.Address, "PUT", $"{root}/{hostile}", [1, 2, 3]);
        Assert.True(upload is 400 or 404, $"PUT {hostile}: {upload}");
        int download = await ArtifactClient.RawStatus(server.Address, "GET", $"{root}/{hostile}", []);
        Assert.True(download is 400 or 404, $"GET {hostile}: {download}");
        Assert.Empty((await ArtifactClient.DownloadAll(server.Client, uri)).Keys);
        int listing = await ArtifactClient.RawStatus(server.Address, "GET", $"{ArtifactClient.Proxy}?path={Uri.EscapeDataString($"0/{id}/artifacts/{hostile}")}", []);
        Assert.Equal(400, listing);
        var run = (await server.Get("artifacts/list", ("run_id", id), ("path", Uri.UnescapeDataString(hostile))));
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (run.Status, run.ErrorCode));
    }

    [Fact]
    public async Task Uploads_outside_a_known_run_or_model_and_over_the_limit_are_refused()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo, maxArtifactBytes: 1000);
        var (_, uri) = await Run(server);
        using (var nowhere = await server.Client.PutAsync($"{ArtifactClient.Proxy}/0/{new string('a', 32)}/artifacts/x", new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nowhere.StatusCode);
        }
        using (var otherExperiment = await server.Client.PutAsync($"{ArtifactClient.Proxy}/999/{ArtifactClient.PathOf(uri).Split('/')[1]}/artifacts/x", new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, otherExperiment.StatusCode);
        }
        var big = await ArtifactClient.Upload(server.Client, uri, "big.bin", new byte[5000]);
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Empty(await ArtifactClient.DownloadAll(server.Client, uri));
        using var missing = await server.Client.GetAsync($"{ArtifactClient.Proxy}/{ArtifactClient.PathOf(uri)}/nothing.txt");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
