namespace GitMl.Server.Tests;

/// <summary>Safe by default: loopback unless told otherwise, a bearer token when asked, bounded request bodies.</summary>
public sealed class SafetyTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.10")]
    public void A_non_loopback_address_needs_a_token_or_a_proxy_that_authenticates(string host)
    {
        var open = new ServeOptions(host, 0, null, false, 1, 1, "t");
        var e = Assert.Throws<ArgumentException>(open.Validate);
        Assert.Contains("--token", e.Message, StringComparison.Ordinal);
        (open with { Token = "0123456789abcdef0123" }).Validate();
        (open with { ProxyAuthenticates = true }).Validate();
    }

    [Fact]
    public void Loopback_needs_nothing_and_a_short_token_or_a_host_name_is_refused()
    {
        new ServeOptions("127.0.0.1", 5000, null, false, 1, 1, "t").Validate();
        new ServeOptions("localhost", 5000, null, false, 1, 1, "t").Validate();
        Assert.Throws<ArgumentException>(new ServeOptions("127.0.0.1", 0, "short", false, 1, 1, "t").Validate);
        Assert.Throws<ArgumentException>(new ServeOptions("example.com", 0, null, false, 1, 1, "t").Validate);
    }

    [Fact]
    public async Task With_a_token_every_request_but_health_needs_it()
    {
        using var repo = new TestRepository();
        const string token = "0123456789abcdef0123456789";
        await using var server = await TestServer.Start(repo, token);
        using var anonymous = new HttpClient { BaseAddress = server.Address };

        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(200, (int)health.StatusCode);
        using var refused = await anonymous.GetAsync("/api/2.0/mlflow/experiments/get?experiment_id=0");
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Contains("UNAUTHENTICATED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        anonymous.DefaultRequestHeaders.Add("Authorization", "Bearer 0123456789abcdef0123456788");
        using var wrong = await anonymous.GetAsync("/api/2.0/mlflow/experiments/get?experiment_id=0");
        Assert.Equal(401, (int)wrong.StatusCode);

        (await server.Get("experiments/get", ("experiment_id", "0"))).EnsureOk();
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_refused_and_changes_nothing()
    {
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo, maxRequestBytes: 1024);
        var big = await server.Post("experiments/create", $$"""{"name": "{{new string('x', 4096)}}"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (big.Status, big.ErrorCode));
        var found = (await server.Post("experiments/search", "{}")).EnsureOk().Json.GetProperty("experiments");
        Assert.Equal(1, found.GetArrayLength());
    }

    [Fact]
    public async Task A_declared_body_far_over_the_limit_gets_its_error_and_the_connection_stays_usable()
    {
        // The error must reach the client: answering without reading a body Kestrel may not drain (the lowered limit)
        // closed the connection with the body unread, and the reset could take the answer with it.
        using var repo = new TestRepository();
        await using var server = await TestServer.Start(repo, maxRequestBytes: 1024);
        for (int i = 0; i < 5; i++)
        {
            var big = await server.Post("experiments/create", $$"""{"name": "{{new string('x', 512 * 1024)}}"}""");
            Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (big.Status, big.ErrorCode));
        }
        (await server.Post("experiments/search", "{}")).EnsureOk();
    }
}
