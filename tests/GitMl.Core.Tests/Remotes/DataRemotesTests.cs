using GitMl.Core.Remotes;
using GitMl.Core.Tests.Registry;

namespace GitMl.Core.Tests.Remotes;

/// <summary>
/// Remote settings read from real git config with who wrote each (the committed .mlconfig or this user's config),
/// approvals written to the clone's own config, and credentials bound to the endpoint they were set for.
/// </summary>
public sealed class DataRemotesTests : IDisposable
{
    private readonly GitRepoFixture _repo = new();

    public void Dispose() => _repo.Dispose();

    private DataRemotes Remotes() => new(_repo.Repo, _ => null);

    private void Committed(string key, string value) => _repo.Git.Check(["config", "-f", ".mlconfig", key, value]);

    private string? Local(string key) => _repo.Git.Run(["config", "--local", key]).StdoutText.Trim() is { Length: > 0 } v ? v : null;

    [Fact]
    public void Each_setting_keeps_who_wrote_it_and_a_committed_file_included_into_git_config_stays_committed()
    {
        Committed("ml-remote.cloud.url", "s3://bucket/store");
        Committed("ml-remote.cloud.endpointUrl", "http://127.0.0.1:9000");
        Committed("ml-remote.cloud.region", "eu-west-1");
        _repo.Git.Check(["config", "--local", "ml-remote.cloud.region", "us-east-1"]);
        _repo.Write("team.cfg", "[ml-remote \"cloud\"]\n\ttrustedEndpoint = http://127.0.0.1:9000\n");
        _repo.Git.Check(["config", "--local", "include.path", "../team.cfg"]);

        var remote = Remotes().Resolve("cloud");

        Assert.Equal(SettingOrigin.Committed, remote.OriginOf("url"));
        Assert.Equal(SettingOrigin.Committed, remote.OriginOf("endpointUrl"));
        Assert.Equal(new RemoteSetting("us-east-1", SettingOrigin.User), remote.Settings["region"]);
        Assert.Equal(SettingOrigin.Committed, remote.OriginOf("trustedEndpoint"));
        Assert.Equal(TrustStatus.NotApproved, Remotes().Access(remote).Status);
    }

    [Fact]
    public void Trust_records_the_endpoint_in_the_clones_config_and_a_changed_endpoint_needs_it_again()
    {
        Committed("ml-remote.cloud.url", "s3://bucket/store");
        Committed("ml-remote.cloud.endpointUrl", "http://127.0.0.1:9000/");

        var trusted = Remotes().Trust("cloud");
        Committed("ml-remote.cloud.endpointUrl", "http://127.0.0.1:9001");
        var moved = Remotes().Access(Remotes().Resolve("cloud"));
        Remotes().Revoke("cloud");

        Assert.Equal(TrustStatus.Approved, trusted.Status);
        Assert.Equal(TrustStatus.NotApproved, moved.Status);
        Assert.Null(Local("ml-remote.cloud.trustedEndpoint"));
        Assert.DoesNotContain("trusted", File.ReadAllText(Path.Combine(_repo.Path, ".mlconfig")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_this_user_sets_in_mlconfig_is_approved_in_this_clone()
    {
        Remotes().Add("cloud", "s3://bucket/store", makeDefault: true, local: false);
        Remotes().Modify("cloud", "endpointUrl", "http://127.0.0.1:9000", local: false);

        Assert.Equal("http://127.0.0.1:9000", Local("ml-remote.cloud.trustedEndpoint"));
        Assert.Equal(TrustStatus.Approved, Remotes().Access(Remotes().Resolve("cloud")).Status);
    }

    [Fact]
    public void Trust_writes_nothing_for_an_endpoint_that_needs_no_approval()
    {
        Remotes().Add("cloud", "s3://bucket/store", makeDefault: true, local: false);

        Assert.Equal(TrustStatus.Provider, Remotes().Trust("cloud").Status);
        Assert.Null(Local("ml-remote.cloud.trustedEndpoint"));
    }

    [Fact]
    public void A_stored_credential_is_bound_to_the_endpoint_of_the_moment_and_unset_with_its_binding()
    {
        Remotes().Add("cloud", "azure://container/store", makeDefault: true, local: false);
        Remotes().Modify("cloud", "account", "myaccount", local: false);

        string? boundTo = Remotes().Modify("cloud", "sasToken", "sig=secret", local: true);

        Assert.Equal("https://myaccount.blob.core.windows.net", boundTo);
        Assert.Equal("https://myaccount.blob.core.windows.net", Local("ml-remote.cloud.sasTokenFor"));
        Assert.True(Remotes().Access(Remotes().Resolve("cloud")).Allowed);

        Remotes().Modify("cloud", "account", "otheraccount", local: false);
        Assert.Equal(TrustStatus.CredentialElsewhere, Remotes().Access(Remotes().Resolve("cloud")).Status);

        Remotes().Modify("cloud", "sasToken", null, local: true);
        Assert.Null(Local("ml-remote.cloud.sasToken"));
        Assert.Null(Local("ml-remote.cloud.sasTokenFor"));
    }

    [Fact]
    public void A_credential_that_cannot_be_bound_yet_is_not_stored()
    {
        Remotes().Add("cloud", "azure://container/store", makeDefault: true, local: false);

        var error = Assert.Throws<ArgumentException>(() => Remotes().Modify("cloud", "sasToken", "sig=secret", local: true));

        Assert.Contains("git ml remote modify cloud account", error.Message, StringComparison.Ordinal);
        Assert.Null(Local("ml-remote.cloud.sasToken"));
    }

    [Fact]
    public void AllowHttp_is_refused_for_the_committed_file()
    {
        Remotes().Add("cloud", "s3://bucket/store", makeDefault: true, local: false);

        Assert.Throws<ArgumentException>(() => Remotes().Modify("cloud", "allowHttp", "true", local: false));
        Remotes().Modify("cloud", "allowHttp", "true", local: true);

        Assert.Equal("true", Local("ml-remote.cloud.allowHttp"));
    }
}
