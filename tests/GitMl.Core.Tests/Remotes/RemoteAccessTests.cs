using GitMl.Core.Remotes;
using static GitMl.Core.Remotes.SettingOrigin;

namespace GitMl.Core.Tests.Remotes;

/// <summary>
/// The rule for where this user's credentials may go (issue 13, point 1), decided from a remote's settings and who
/// wrote each: the committed .mlconfig (someone else, in a clone) or this user's own config.
/// </summary>
public class RemoteAccessTests
{
    private const string Recorder = "http://127.0.0.1:9000";

    private static DataRemote Remote(string url, SettingOrigin urlOrigin, params (string Key, string Value, SettingOrigin Origin)[] settings)
    {
        var all = new Dictionary<string, RemoteSetting>(StringComparer.OrdinalIgnoreCase) { ["url"] = new(url, urlOrigin) };
        foreach (var (key, value, origin) in settings)
        {
            all[key] = new RemoteSetting(value, origin);
        }
        return new DataRemote("cloud", RemoteUrl.Parse(url, "/work"), all);
    }

    private static RemoteAccessDecision Decide(DataRemote remote, string? connectionString = null) =>
        RemoteAccess.Decide(remote, name => name == RemoteRoute.AzureConnectionStringVariable ? connectionString : null);

    [Fact]
    public void A_committed_custom_endpoint_is_refused_until_approved_naming_remote_endpoint_and_command()
    {
        var decision = Decide(Remote("s3://bucket/store", Committed, ("endpointUrl", Recorder, Committed)));

        Assert.Equal(TrustStatus.NotApproved, decision.Status);
        Assert.Contains("'cloud'", decision.Refusal, StringComparison.Ordinal);
        Assert.Contains(Recorder, decision.Refusal, StringComparison.Ordinal);
        Assert.Contains("git ml remote trust cloud", decision.Refusal, StringComparison.Ordinal);
        Assert.Throws<RemoteAccessRefusedException>(() => decision.Require());
    }

    [Fact]
    public void An_approval_holds_for_that_endpoint_only()
    {
        var approved = Decide(Remote("s3://bucket/store", Committed, ("endpointUrl", Recorder + "/", Committed), ("trustedEndpoint", Recorder, User)));
        var moved = Decide(Remote("s3://bucket/store", Committed, ("endpointUrl", "http://127.0.0.1:9001", Committed), ("trustedEndpoint", Recorder, User)));

        Assert.Equal(TrustStatus.Approved, approved.Status);
        Assert.True(approved.Allowed);
        Assert.Equal(TrustStatus.NotApproved, moved.Status);
        Assert.Contains("changed", moved.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approval_written_in_the_committed_file_counts_for_nothing()
    {
        var decision = Decide(Remote("s3://bucket/store", Committed, ("endpointUrl", Recorder, Committed), ("trustedEndpoint", Recorder, Committed)));

        Assert.Equal(TrustStatus.NotApproved, decision.Status);
    }

    [Fact]
    public void An_endpoint_from_this_users_own_config_needs_no_approval()
    {
        var decision = Decide(Remote("s3://bucket/store", Committed, ("endpointUrl", Recorder, User)));

        Assert.Equal(TrustStatus.OwnConfig, decision.Status);
    }

    [Theory]
    [InlineData("s3://my-bucket/store", null)]
    [InlineData("s3://my.dotted.bucket", "eu-west-1")]
    public void Amazon_s3_itself_needs_no_approval(string url, string? region)
    {
        var remote = region is null ? Remote(url, Committed) : Remote(url, Committed, ("region", region, Committed));

        var decision = Decide(remote);

        Assert.Equal(TrustStatus.Provider, decision.Status);
        Assert.Equal(RemoteEndpoint.AmazonS3, decision.Route!.Endpoint.Address);
    }

    [Theory]
    [InlineData("https://s3.amazonaws.com")]
    [InlineData("https://s3.eu-west-1.amazonaws.com")]
    [InlineData("https://s3-us-west-2.amazonaws.com/")]
    [InlineData("https://s3.dualstack.us-east-1.amazonaws.com")]
    [InlineData("https://s3-fips.us-gov-west-1.amazonaws.com")]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn")]
    public void Amazon_s3s_own_endpoints_named_explicitly_need_no_approval(string endpoint)
    {
        Assert.Equal(TrustStatus.Provider, Decide(Remote("s3://bucket", Committed, ("endpointUrl", endpoint, Committed))).Status);
    }

    [Theory]
    [InlineData("https://abc123.execute-api.us-east-1.amazonaws.com")] // API Gateway: anyone's code answers there
    [InlineData("https://bucket.s3-website-us-east-1.amazonaws.com")]
    [InlineData("https://s3.amazonaws.com.evil.example")]
    [InlineData("https://s3.amazonaws.com/some/path")]
    [InlineData("https://evil.example/s3.amazonaws.com")]
    public void Look_alikes_of_amazon_s3_need_approval(string endpoint)
    {
        Assert.Equal(TrustStatus.NotApproved, Decide(Remote("s3://bucket", Committed, ("endpointUrl", endpoint, Committed))).Status);
    }

    [Theory]
    [InlineData("s3://evil.example#/store", null)]
    [InlineData("s3://evil.example?x=/store", null)]
    [InlineData("s3://user@evil.example/store", null)]
    [InlineData("s3://bucket/store", "x.evil.example/")]
    [InlineData("s3://bucket/store", "us-east-1.evil.example")]
    public void A_bucket_or_region_that_would_steer_the_sdk_off_amazonaws_is_refused(string url, string? region)
    {
        var remote = region is null ? Remote(url, Committed) : Remote(url, Committed, ("region", region, Committed));

        var decision = Decide(remote);

        Assert.Equal(TrustStatus.Invalid, decision.Status);
        Assert.False(decision.Allowed);
    }

    [Fact]
    public void Azures_own_endpoints_need_no_approval_and_others_do()
    {
        var byAccount = Decide(Remote("azure://container", Committed, ("account", "myaccount", Committed), ("sasToken", "sig=x", User),
            ("sasTokenFor", "https://myaccount.blob.core.windows.net", User)));
        var explicitEndpoint = Decide(Remote("azure://container", Committed, ("account", "myaccount", Committed), ("endpoint", "https://myaccount.blob.core.windows.net/", Committed)));
        var custom = Decide(Remote("azure://container", Committed, ("account", "devstoreaccount1", Committed), ("endpoint", Recorder + "/devstoreaccount1", Committed)));
        var lookAlike = Decide(Remote("azure://container", Committed, ("endpoint", "https://myaccount.blob.core.windows.net.evil.example", Committed)));

        Assert.Equal(TrustStatus.Provider, byAccount.Status);
        Assert.Equal(TrustStatus.Provider, explicitEndpoint.Status);
        Assert.Equal(TrustStatus.NotApproved, custom.Status);
        Assert.Equal(TrustStatus.NotApproved, lookAlike.Status);
    }

    [Fact]
    public void An_account_name_that_is_not_one_is_refused()
    {
        Assert.Equal(TrustStatus.Invalid, Decide(Remote("azure://container", Committed, ("account", "evil.example/x?", Committed))).Status);
    }

    [Fact]
    public void A_sas_token_is_sent_only_to_the_endpoint_it_was_set_for()
    {
        var elsewhere = Decide(Remote("azure://container", Committed, ("account", "attacker", Committed), ("sasToken", "sig=x", User),
            ("sasTokenFor", "https://victim.blob.core.windows.net", User)));
        var unbound = Decide(Remote("azure://container", Committed, ("account", "victim", Committed), ("sasToken", "sig=x", User)));
        var bindingFromCommit = Decide(Remote("azure://container", Committed, ("account", "attacker", Committed), ("sasToken", "sig=x", User),
            ("sasTokenFor", "https://attacker.blob.core.windows.net", Committed)));

        // The provider's own endpoint needs no approval, but another account is another owner: the token stays home.
        Assert.Equal(TrustStatus.CredentialElsewhere, elsewhere.Status);
        Assert.Contains("https://victim.blob.core.windows.net", elsewhere.Refusal, StringComparison.Ordinal);
        Assert.Contains("https://attacker.blob.core.windows.net", elsewhere.Refusal, StringComparison.Ordinal);
        Assert.Contains("git ml remote modify --local cloud sasToken", elsewhere.Refusal, StringComparison.Ordinal);
        Assert.Equal(TrustStatus.CredentialElsewhere, unbound.Status);
        Assert.Equal(TrustStatus.CredentialElsewhere, bindingFromCommit.Status);
    }

    [Fact]
    public void S3_keys_stored_for_amazon_are_not_sent_to_an_approved_custom_endpoint()
    {
        var decision = Decide(Remote("s3://bucket", Committed, ("endpointUrl", Recorder, Committed), ("trustedEndpoint", Recorder, User),
            ("accessKeyId", "AKID", User), ("accessKeyIdFor", RemoteEndpoint.AmazonS3, User),
            ("secretAccessKey", "secret", User), ("secretAccessKeyFor", RemoteEndpoint.AmazonS3, User)));

        Assert.Equal(TrustStatus.CredentialElsewhere, decision.Status);
        Assert.Contains("accessKeyId", decision.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_stored_for_the_endpoint_go_there()
    {
        var decision = Decide(Remote("s3://bucket", User, ("endpointUrl", Recorder, User),
            ("accessKeyId", "AKID", User), ("accessKeyIdFor", Recorder, User), ("secretAccessKey", "secret", User), ("secretAccessKeyFor", Recorder, User)));

        Assert.True(decision.Allowed);
        Assert.Equal(CredentialSource.StoredKeys, decision.Route!.Credentials);
    }

    [Theory]
    [InlineData("sasToken")]
    [InlineData("connectionString")]
    [InlineData("secretAccessKey")]
    [InlineData("allowHttp")]
    public void A_credential_or_allowHttp_in_the_committed_file_is_refused(string key)
    {
        var decision = Decide(Remote("azure://container", Committed, ("account", "myaccount", Committed), (key, "x", Committed)));

        Assert.Equal(TrustStatus.CommittedCredential, decision.Status);
        Assert.Contains(key, decision.Refusal, StringComparison.Ordinal);
        Assert.Contains("--local", decision.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_from_the_environment_goes_to_its_own_endpoint_whatever_the_commit_names()
    {
        var remote = Remote("azure://container", Committed, ("endpoint", "https://evil.example", Committed));

        var decision = Decide(remote, "DefaultEndpointsProtocol=https;AccountName=mine;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.True(decision.Allowed);
        Assert.Equal(CredentialSource.EnvironmentConnectionString, decision.Route!.Credentials);
        Assert.Equal("https://mine.blob.core.windows.net", decision.Route.Endpoint.Address);
    }

    [Theory]
    [InlineData("http://minio.lan:9000", false, TrustStatus.PlainHttp)]
    [InlineData("http://10.0.0.5:9000", false, TrustStatus.PlainHttp)]
    [InlineData("http://s3.amazonaws.com", false, TrustStatus.PlainHttp)]
    [InlineData("http://minio.lan:9000", true, TrustStatus.OwnConfig)]
    [InlineData("http://127.0.0.1:9000", false, TrustStatus.OwnConfig)]
    [InlineData("http://127.8.9.10:9000", false, TrustStatus.OwnConfig)]
    [InlineData("http://localhost:9000", false, TrustStatus.OwnConfig)]
    [InlineData("http://[::1]:9000", false, TrustStatus.OwnConfig)]
    [InlineData("https://minio.lan:9000", false, TrustStatus.OwnConfig)]
    public void Plain_http_leaves_this_machine_only_when_this_clone_allows_it(string endpoint, bool allowed, TrustStatus expected)
    {
        var settings = new List<(string, string, SettingOrigin)> { ("endpointUrl", endpoint, User) };
        if (allowed)
        {
            settings.Add(("allowHttp", "true", User));
        }

        var decision = Decide(Remote("s3://bucket", User, [.. settings]));

        Assert.Equal(expected, decision.Status);
        if (expected == TrustStatus.PlainHttp)
        {
            Assert.Contains("git ml remote modify --local cloud allowHttp true", decision.Refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_endpoint_with_user_info_or_a_query_or_another_scheme_is_invalid()
    {
        foreach (string endpoint in new[] { "https://user:pass@host", "https://host/?x=1", "ftp://host", "host:9000" })
        {
            Assert.Equal(TrustStatus.Invalid, Decide(Remote("s3://bucket", User, ("endpointUrl", endpoint, User))).Status);
        }
    }

    [Fact]
    public void A_committed_directory_needs_no_approval_but_a_committed_network_path_does()
    {
        var directory = Decide(Remote("/mnt/nas/store", Committed, ("accessKeyId", "AKID", User)));
        var unc = Decide(Remote(@"\\fileserver\share\store", Committed));
        var slashes = Decide(Remote("//fileserver/share/store", Committed));
        var ownUnc = Decide(Remote("//fileserver/share/store", User));

        Assert.Equal(TrustStatus.NoCredentials, directory.Status);
        Assert.Equal(CredentialSource.None, directory.Route!.Credentials);
        Assert.Equal(TrustStatus.NotApproved, unc.Status);
        Assert.Equal(TrustStatus.NotApproved, slashes.Status);
        Assert.True(ownUnc.Allowed);
    }
}
