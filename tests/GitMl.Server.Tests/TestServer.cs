using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace GitMl.Server.Tests;

/// <summary>
/// The server in process on a free loopback port, and a client that speaks HTTP the way MLflow's Python client does
/// (rest_utils.call_endpoint): GET with query parameters, POST/PATCH/DELETE with a JSON body.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly MlflowServer _server;

    private TestServer(MlflowServer server, HttpClient client)
    {
        _server = server;
        Client = client;
    }

    public HttpClient Client { get; }

    public Uri Address => _server.Address;

    public IReadOnlyList<string> Recovery => _server.Recovery;

    public static async Task<TestServer> Start(TestRepository repository, string? token = null, long maxRequestBytes = ServeOptions.DefaultMaxRequestBytes, long maxArtifactBytes = ServeOptions.DefaultMaxArtifactBytes)
    {
        var server = MlflowServer.Create(repository.Repo, new ServeOptions("127.0.0.1", 0, token, false, maxRequestBytes, maxArtifactBytes, "0.0.0-test"));
        await server.StartAsync();
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return new TestServer(server, client);
    }

    public Task<ApiResponse> Post(string endpoint, string json) => Send(HttpMethod.Post, endpoint, json);

    public Task<ApiResponse> Patch(string endpoint, string json) => Send(HttpMethod.Patch, endpoint, json);

    public Task<ApiResponse> Delete(string endpoint, string json) => Send(HttpMethod.Delete, endpoint, json);

    public async Task<ApiResponse> Get(string endpoint, params (string Name, string Value)[] query)
    {
        string q = string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        using var response = await Client.GetAsync(Api(endpoint) + (q.Length > 0 ? "?" + q : ""));
        return await ApiResponse.Read(response);
    }

    /// <summary>The JSON body as a Python dict literal would be written by json.dumps: the test passes it as text.</summary>
    public async Task<ApiResponse> Send(HttpMethod method, string endpoint, string json)
    {
        using var request = new HttpRequestMessage(method, Api(endpoint)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await Client.SendAsync(request);
        return await ApiResponse.Read(response);
    }

    public static string Api(string endpoint) => endpoint.StartsWith('/') ? endpoint : "/api/2.0/mlflow/" + endpoint;

    /// <summary>Stops without ending any run: what a crash leaves behind (journals are flushed per request).</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}

internal sealed record ApiResponse(int Status, string Text)
{
    public JsonElement Json => JsonDocument.Parse(Text.Length == 0 ? "{}" : Text).RootElement;

    public string ErrorCode => Json.GetProperty("error_code").GetString()!;

    public static async Task<ApiResponse> Read(HttpResponseMessage response) =>
        new((int)response.StatusCode, await response.Content.ReadAsStringAsync());

    public ApiResponse EnsureOk()
    {
        Assert.True(Status == 200, $"expected 200, got {Status}: {Text}");
        return this;
    }
}
