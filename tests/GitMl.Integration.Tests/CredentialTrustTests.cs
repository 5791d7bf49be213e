using GitMl.Integration.Tests.Infrastructure;
using GitMl.TestServers;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 13, point 1: credentials go only where this user sent them. A hostile repository commits a .mlconfig whose
/// data remote points at a recording endpoint on 127.0.0.1; the victim clones it with AWS credentials in the
/// environment, or with an Azure SAS token stored for another endpoint. Through git clone, git ml pull, fetch, push,
/// status, fsck and git push, not one credential byte may reach the endpoint until the victim approves it with
/// `git ml remote trust NAME`; after that the requests are signed; a later change of the committed endpoint needs
/// approval again.
/// </summary>
public sealed class CredentialTrustTests : IDisposable
{
    private const string KeyId = "AKIDCANARY7Q3XKEYID";
    private const string Secret = "SECRETCANARY-9f1e2d-secret-access-key";
    private const string SessionToken = "SESSIONCANARY-4b7a-session-token";
    private const string SasSignature = "SASCANARY4e2f9a";
    private const string Sas = "sv=2024-08-04&ss=b&srt=co&sp=rwl&se=2099-01-01T00:00:00Z&sig=" + SasSignature;

    private readonly Sandbox _sandbox = new();
    private readonly RecordingEndpoint _endpoint = new();
    private readonly string _origin;
    private readonly string _author;

    public CredentialTrustTests()
    {
        _origin = _sandbox.CreateBareRemote();
        _author = _sandbox.CreateRepository("author", _origin);
        _sandbox.GitMl(_author, "track", "data/**").EnsureSuccess("track");
        for (int i = 0; i < 3; i++)
        {
            Files.WriteRandom(Path.Combine(_author, $"data/f{i}.bin"), 20_000 + i, i);
        }
    }

    public void Dispose()
    {
        _endpoint.Dispose();
        _sandbox.Dispose();
    }

    private static readonly string[] CredentialMarkers = [KeyId, Secret, SessionToken, SasSignature, "AWS4-HMAC-SHA256", "X-Amz-Security-Token", "Authorization:"];

    /// <summary>The victim's environment: AWS credentials (with a session token) as the SDK finds them, and no instance metadata lookups.</summary>
    private static Dictionary<string, string> VictimEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = KeyId,
        ["AWS_SECRET_ACCESS_KEY"] = Secret,
        ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>The author commits data and a .mlconfig naming <paramref name="settings"/>, and pushes the commits only.</summary>
    private void PublishConfig(params (string Key, string Value)[] settings)
    {
        string config = Path.Combine(_author, ".mlconfig");
        File.Delete(config);
        foreach (var (key, value) in settings)
        {
            _sandbox.Git(_author, "config", "-f", ".mlconfig", key, value).EnsureSuccess("write .mlconfig");
        }
        _sandbox.Git(_author, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_author, "commit", "-qm", "data remote").EnsureSuccess("commit");
        _sandbox.Run("git", ["push", "-q", "origin", "HEAD:main"], _author, new Dictionary<string, string> { ["GIT_ML_SKIP_PUSH"] = "1" }).EnsureSuccess("push commits");
    }

    private ProcessResult Victim(string repo, params string[] args) =>
        _sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), args, repo, VictimEnvironment());

    private static void AssertNoCredentialReached(RecordingEndpoint endpoint, string when)
    {
        string received = endpoint.Everything;
        foreach (string marker in CredentialMarkers)
        {
            Assert.False(received.Contains(marker, StringComparison.OrdinalIgnoreCase),
                $"{when}: the endpoint received '{marker}' in:\n{received[..Math.Min(received.Length, 2000)]}");
        }
    }

    /// <summary>Runs every command that talks to the data remote; each must stop, naming remote, endpoint and the way to approve it.</summary>
    private void EveryRemoteCommandStops(string clone, string endpointShown)
    {
        Files.WriteRandom(Path.Combine(clone, "data/new.bin"), 5_000, 77);
        _sandbox.Git(clone, "add", "data/new.bin").EnsureSuccess("add");
        _sandbox.Run("git", ["commit", "-qm", "new data"], clone, VictimEnvironment()).EnsureSuccess("commit");
        string[][] commands = [["pull"], ["fetch"], ["push"], ["push", "--all"], ["fsck", "--remote", "cloud"], ["status", "--remote", "cloud"]];
        foreach (string[] command in commands)
        {
            var result = Victim(clone, command);
            AssertNoCredentialReached(_endpoint, "git ml " + string.Join(' ', command));
            Assert.True(result.ExitCode == 1, $"git ml {string.Join(' ', command)} exited {result.ExitCode}:\n{result.Stderr}");
            Assert.Contains("cloud", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(endpointShown, result.Stderr, StringComparison.Ordinal);
            Assert.Contains("git ml remote trust cloud", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        }
        // Plain status asks the default remote only when it may: unapproved, it shows the local state and says why.
        var status = Victim(clone, "status");
        AssertNoCredentialReached(_endpoint, "git ml status");
        Assert.True(status.ExitCode == 0, $"git ml status exited {status.ExitCode}:\n{status.Stderr}");
        Assert.Contains("git ml remote trust cloud", status.Stderr, StringComparison.Ordinal);
        Assert.Contains("tracked by git-ml", status.Stdout, StringComparison.Ordinal);
        var push = _sandbox.Run("git", ["push", "origin", "HEAD:main"], clone, VictimEnvironment());
        AssertNoCredentialReached(_endpoint, "git push");
        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("git ml remote trust cloud", push.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_environment_credentials_reach_a_committed_endpoint_only_after_trust_and_again_only_after_it_changes()
    {
        PublishConfig(("ml.remote", "cloud"), ("ml-remote.cloud.url", "s3://bucket/store"), ("ml-remote.cloud.endpointUrl", _endpoint.Url));
        string clone = _sandbox.PathOf("victim");

        var cloned = _sandbox.Run("git", ["clone", "-q", _origin, clone], _sandbox.Root, VictimEnvironment());

        AssertNoCredentialReached(_endpoint, "git clone");
        cloned.EnsureSuccess("clone (content is left as pointers)");
        Assert.StartsWith("version ", File.ReadAllText(Path.Combine(clone, "data/f0.bin")), StringComparison.Ordinal);
        Assert.Contains(_endpoint.Url, cloned.Stderr, StringComparison.Ordinal);
        Assert.Contains("git ml remote trust cloud", cloned.Stderr, StringComparison.Ordinal);
        Assert.Contains("git ml pull", cloned.Stderr, StringComparison.Ordinal);
        Assert.Equal("", _sandbox.Git(clone, "status", "--porcelain").Stdout);

        EveryRemoteCommandStops(clone, _endpoint.Url);
        string list = Victim(clone, "remote", "list").EnsureSuccess("remote list").Stdout;
        Assert.Contains("not approved", list, StringComparison.Ordinal);

        var trust = Victim(clone, "remote", "trust", "cloud").EnsureSuccess("trust");
        Assert.Contains(_endpoint.Url, trust.Stdout, StringComparison.Ordinal);
        Assert.Contains("approved in this clone", Victim(clone, "remote", "list").Stdout, StringComparison.Ordinal);
        Assert.Equal(1, Victim(clone, "fetch").ExitCode); // the endpoint refuses: 403
        string signed = _endpoint.Everything;
        Assert.Contains($"Credential={KeyId}/", signed, StringComparison.Ordinal);
        Assert.Contains(SessionToken, signed, StringComparison.Ordinal);

        // The committed endpoint moves: the approval does not follow it.
        using var moved = new RecordingEndpoint();
        PublishConfig(("ml.remote", "cloud"), ("ml-remote.cloud.url", "s3://bucket/store"), ("ml-remote.cloud.endpointUrl", moved.Url));
        _sandbox.Run("git", ["pull", "-q", "--no-rebase", "origin", "main"], clone, VictimEnvironment()).EnsureSuccess("git pull");
        foreach (string[] command in new[] { new[] { "fetch" }, ["pull"], ["push"] })
        {
            var result = Victim(clone, command);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(moved.Url, result.Stderr, StringComparison.Ordinal);
            Assert.Contains("git ml remote trust cloud", result.Stderr, StringComparison.Ordinal);
        }
        Assert.Empty(moved.Requests);
    }

    [Fact]
    public void An_azure_sas_token_stored_for_another_endpoint_never_reaches_a_committed_one()
    {
        PublishConfig(("ml.remote", "cloud"), ("ml-remote.cloud.url", "azure://container/store"), ("ml-remote.cloud.account", "devstoreaccount1"),
            ("ml-remote.cloud.endpoint", _endpoint.Url + "/devstoreaccount1"));
        string clone = _sandbox.PathOf("victim");

        // The token lands in the clone's own config before checkout, bound to the victim's real account.
        var cloned = _sandbox.Run("git", ["clone", "-q", "-c", "ml-remote.cloud.sasToken=" + Sas,
            "-c", "ml-remote.cloud.sasTokenFor=https://victimaccount.blob.core.windows.net", _origin, clone], _sandbox.Root, VictimEnvironment());

        AssertNoCredentialReached(_endpoint, "git clone");
        cloned.EnsureSuccess("clone (content is left as pointers)");
        Assert.Contains("git ml remote trust cloud", cloned.Stderr, StringComparison.Ordinal);
        EveryRemoteCommandStops(clone, _endpoint.Url + "/devstoreaccount1");

        // Approving the endpoint does not release a token set for another one.
        Victim(clone, "remote", "trust", "cloud").EnsureSuccess("trust");
        var bound = Victim(clone, "fetch");
        AssertNoCredentialReached(_endpoint, "fetch after trust, token bound elsewhere");
        Assert.Equal(1, bound.ExitCode);
        Assert.Contains("sasToken", bound.Stderr, StringComparison.Ordinal);
        Assert.Contains("https://victimaccount.blob.core.windows.net", bound.Stderr, StringComparison.Ordinal);
        Assert.Contains("git ml remote modify --local cloud sasToken", bound.Stderr, StringComparison.Ordinal);

        // Set again for this endpoint, it goes there.
        Victim(clone, "remote", "modify", "--local", "cloud", "sasToken", Sas).EnsureSuccess("set the token for this endpoint");
        Assert.Equal(1, Victim(clone, "fetch").ExitCode);
        Assert.Contains(SasSignature, _endpoint.Everything, StringComparison.Ordinal);

        using var moved = new RecordingEndpoint();
        PublishConfig(("ml.remote", "cloud"), ("ml-remote.cloud.url", "azure://container/store"), ("ml-remote.cloud.account", "devstoreaccount1"),
            ("ml-remote.cloud.endpoint", moved.Url + "/devstoreaccount1"));
        _sandbox.Run("git", ["pull", "-q", "--no-rebase", "origin", "main"], clone, VictimEnvironment()).EnsureSuccess("git pull");
        Victim(clone, "remote", "trust", "cloud").EnsureSuccess("trust the new endpoint");
        var stillBound = Victim(clone, "fetch");
        Assert.Equal(1, stillBound.ExitCode);
        Assert.Contains("sasToken", stillBound.Stderr, StringComparison.Ordinal);
        Assert.Empty(moved.Requests);
    }

    [Fact]
    public void A_committed_directory_remote_needs_no_approval_and_takes_no_credentials()
    {
        string storage = _sandbox.PathOf("storage");
        Directory.CreateDirectory(storage);
        PublishConfig(("ml.remote", "shared"), ("ml-remote.shared.url", storage));
        _sandbox.GitMl(_author, "push", "--all").EnsureSuccess("push the data");
        Assert.NotEmpty(Directory.GetFiles(storage, "*", SearchOption.AllDirectories));

        string clone = _sandbox.PathOf("victim");
        _sandbox.Run("git", ["clone", "-q", _origin, clone], _sandbox.Root, VictimEnvironment()).EnsureSuccess("clone");
        Assert.Equal(Files.Sha256(Path.Combine(_author, "data/f0.bin")), Files.Sha256(Path.Combine(clone, "data/f0.bin")));
        Assert.Contains("no credentials", Victim(clone, "remote", "list").EnsureSuccess("list").Stdout, StringComparison.Ordinal);
    }
}
