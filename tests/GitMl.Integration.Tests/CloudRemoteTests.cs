using System.Text;
using GitMl.Integration.Tests.Infrastructure;
using GitMl.TestServers;

namespace GitMl.Integration.Tests;

/// <summary>
/// Data remotes on real S3-compatible and Azure servers (s3rver, Azurite on loopback), end to end with real git:
/// repository A pushes commits to a bare remote and data to the server; a fresh clone B gets every byte back;
/// a push while the server is down is blocked; credentials never leak.
/// </summary>
public abstract class CloudRemoteTests : IAsyncLifetime
{
    // Valid base64 (of "SENTINEL-SECRET-7f3a91"), so it can stand as an Azure account key too.
    private const string SecretSentinel = "U0VOVElORUwtU0VDUkVULTdmM2E5MQ==";
    private const string TokenSentinel = "SENTINEL-TOKEN-c2b8e4";

    protected Sandbox Sandbox { get; } = new();

    protected string Origin => Sandbox.PathOf("origin.git");

    protected string RepoA => Sandbox.PathOf("a");

    /// <summary>Starts the server; returns the remote URL to use.</summary>
    protected abstract Task<string> StartServerAsync();

    protected abstract Task StopServerAsync();

    /// <summary>Remote options for repository A (endpoint in .mlconfig, credentials with --local).</summary>
    protected abstract void ConfigureRemote(string repo, string remoteName);

    /// <summary>Environment a fresh clone uses to reach the server (the SDK's usual variables).</summary>
    protected abstract Dictionary<string, string> CloneEnvironment();

    /// <summary>
    /// `git clone -c` settings that approve, before checkout, an endpoint the committed .mlconfig names (the clone's
    /// user vouching for the server), so checkout may fetch from it with the user's credentials.
    /// </summary>
    protected abstract string[] CloneApproval();

    /// <summary>Remote options that hold the canary credentials (and, for a failing server, wrong ones).</summary>
    protected abstract void ConfigureCanaryCredentials(string repo, string remoteName, string secret, string token);

    /// <summary>The data remote's URL (s3://bucket/prefix or azure://container/prefix).</summary>
    protected string RemoteUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        string url = await StartServerAsync();
        RemoteUrl = url;
        Sandbox.CreateRepository("a", Sandbox.CreateBareRemote());
        Sandbox.GitMl(RepoA, "track", "data/**").EnsureSuccess("track");
        Sandbox.GitMl(RepoA, "remote", "add", "-d", "cloud", url).EnsureSuccess("remote add");
        ConfigureRemote(RepoA, "cloud");
        Sandbox.Git(RepoA, "add", ".").EnsureSuccess("add");
        Sandbox.Git(RepoA, "commit", "-qm", "setup").EnsureSuccess("commit");
    }

    public async Task DisposeAsync()
    {
        await StopServerAsync();
        Sandbox.Dispose();
    }

    private Dictionary<string, string> CommitData(int count, int size)
    {
        var hashes = new Dictionary<string, string>();
        for (int i = 0; i < count; i++)
        {
            string path = $"data/f{i:D2}.bin";
            hashes[path] = Files.WriteRandom(Path.Combine(RepoA, path), size + i, 1000 + i);
        }
        Sandbox.Git(RepoA, "add", "data").EnsureSuccess("add");
        Sandbox.Git(RepoA, "commit", "-qm", "data").EnsureSuccess("commit");
        return hashes;
    }

    [Fact]
    public void A_pipeline_dependency_in_the_bucket_is_checked_by_its_ETag_through_the_configured_remote()
    {
        // Issue 16 point 3: `deps: [s3://bucket/key]` (or azure://) goes through the data remote that names the bucket,
        // with its endpoint and credentials, and is recorded by the ETag the server gives; remote://NAME/key likewise.
        string oid = CommitData(1, 100).Values.Single();
        Sandbox.GitMl(RepoA, "push").EnsureSuccess("push");
        string key = $"{oid[..2]}/{oid[2..4]}/{oid}";
        string byUrl = $"{RemoteUrl}/{key}";
        string byRemote = $"remote://cloud/{key}";
        File.WriteAllText(Path.Combine(RepoA, "dvc.yaml"), $"stages:\n  use:\n    cmd: echo used > out.txt\n    deps:\n    - {byUrl}\n    - {byRemote}\n    outs:\n    - out.txt\n");

        Sandbox.GitMl(RepoA, "repro").EnsureSuccess("repro");

        string lockText = File.ReadAllText(Path.Combine(RepoA, "dvc.lock"));
        Assert.Contains($"- path: {byUrl}\n      hash: etag\n      etag: ", lockText, StringComparison.Ordinal);
        Assert.Contains($"- path: {byRemote}\n      hash: etag\n      etag: ", lockText, StringComparison.Ordinal);
        var status = Sandbox.GitMl(RepoA, "status");
        Assert.Contains("up to date", status.Stdout, StringComparison.Ordinal);
        string missing = $"{RemoteUrl}/{key[..^1]}";
        File.WriteAllText(Path.Combine(RepoA, "dvc.yaml"), $"stages:\n  use:\n    cmd: echo used > out.txt\n    deps:\n    - {missing}\n    outs:\n    - out.txt\n");
        Assert.Contains($"dependency {missing} is missing", Sandbox.GitMl(RepoA, "status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_then_a_fresh_clone_gets_every_byte_back_through_clone_and_through_pull()
    {
        // A few small objects and one above the multipart/block threshold (16 MiB).
        var hashes = CommitData(6, 40_000);
        string big = Files.WriteRandom(Path.Combine(RepoA, "data/big.bin"), 20 << 20, 99);
        hashes["data/big.bin"] = big;
        Sandbox.Git(RepoA, "add", "data").EnsureSuccess("add");
        Sandbox.Git(RepoA, "commit", "-qm", "big").EnsureSuccess("commit");

        var push = Sandbox.Git(RepoA, "push", "-q", "origin", "HEAD:main").EnsureSuccess("git push");
        Assert.Contains("uploaded 7 object(s)", push.Stderr, StringComparison.Ordinal);

        string clone = Sandbox.PathOf("b");
        Sandbox.Run("git", ["clone", "-q", .. CloneApproval(), Origin, clone], Sandbox.Root, CloneEnvironment()).EnsureSuccess("clone");
        foreach (var (path, sha) in hashes)
        {
            Assert.Equal(sha, Files.Sha256(Path.Combine(clone, path)));
        }

        string lazy = Sandbox.PathOf("c");
        var env = CloneEnvironment();
        env["GIT_ML_SKIP_SMUDGE"] = "1";
        Sandbox.Run("git", ["clone", "-q", Origin, lazy], Sandbox.Root, env).EnsureSuccess("clone without smudge");
        // Approved after the clone, the way the clone's warning says (the S3 endpoint is committed; Azure's credentials name their own).
        Sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), ["remote", "trust", "cloud"], lazy, CloneEnvironment()).EnsureSuccess("trust");
        Sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), ["pull"], lazy, CloneEnvironment()).EnsureSuccess("pull");
        foreach (var (path, sha) in hashes)
        {
            Assert.Equal(sha, Files.Sha256(Path.Combine(lazy, path)));
        }
        Assert.Equal("", Sandbox.Git(lazy, "status", "--porcelain").Stdout);
        Assert.Equal(0, Sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), ["fsck", "--remote", "cloud"], lazy, CloneEnvironment()).ExitCode);
    }

    [Fact]
    public void Remote_gc_keeps_an_object_uploaded_just_now_unless_prune_says_so()
    {
        var hashes = CommitData(2, 3_000);
        Sandbox.GitMl(RepoA, "push").EnsureSuccess("push");
        Sandbox.Git(RepoA, "rm", "-q", "data/f01.bin").EnsureSuccess("rm");
        Sandbox.Git(RepoA, "commit", "-q", "--amend", "-m", "one file").EnsureSuccess("amend");
        Sandbox.Git(RepoA, "config", "gc.reflogExpire", "now").EnsureSuccess("config");
        static string[] Deleted(ProcessResult r)
        {
            using var json = System.Text.Json.JsonDocument.Parse(r.Stdout);
            return [.. json.RootElement.GetProperty("objects").EnumerateArray().Select(e => e.GetString()!)];
        }

        // Nothing refers to f01 any more, but the server says it was uploaded just now (its last-modified time).
        Assert.Empty(Deleted(Sandbox.GitMl(RepoA, "gc", "--remote", "cloud", "--force", "--json").EnsureSuccess("gc --remote")));
        Assert.Equal([hashes["data/f01.bin"]], Deleted(Sandbox.GitMl(RepoA, "gc", "--remote", "cloud", "--force", "--prune=now", "--json").EnsureSuccess("gc --remote --prune=now")));
        var fsck = Sandbox.GitMl(RepoA, "fsck", "--remote", "cloud").EnsureSuccess("fsck --remote");
        Assert.Contains("1 object(s) checked", fsck.Stdout.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_push_is_blocked_while_the_server_is_down_and_says_why()
    {
        CommitData(2, 10_000);
        await StopServerAsync();

        var push = Sandbox.Git(RepoA, "push", "origin", "HEAD:main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("push blocked", push.Stderr, StringComparison.Ordinal);
        Assert.Contains("cloud", push.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, Sandbox.Git(Origin, "rev-parse", "--verify", "-q", "refs/heads/main").ExitCode);
    }

    [Fact]
    public async Task Credentials_never_appear_in_output_traces_or_committed_files()
    {
        CommitData(2, 5_000);
        ConfigureCanaryCredentials(RepoA, "cloud", SecretSentinel, TokenSentinel);
        string trace = Sandbox.PathOf("trace");
        var traced = new Dictionary<string, string>
        {
            ["GIT_TRACE"] = trace, ["GIT_TRACE_PACKET"] = trace, ["GIT_TRACE_PERFORMANCE"] = trace, ["GIT_ML_DEBUG"] = "1",
        };
        string gitMl = Path.Combine(GitMlBinary.Directory, "git-ml");
        var outputs = new StringBuilder();
        void Capture(ProcessResult r) => outputs.Append(r.Stdout).Append(r.Stderr);

        // Wrong credentials against a live server, then a server that is gone.
        for (int round = 0; round < 2; round++)
        {
            Capture(Sandbox.Run("git", ["push", "origin", "HEAD:main"], RepoA, traced));
            foreach (string[] args in new string[][] { ["push"], ["pull"], ["fetch", "--all"], ["status"], ["fsck", "--remote", "cloud"], ["remote", "list", "--json"], ["push", "--json"] })
            {
                Capture(Sandbox.Run(gitMl, args, RepoA, traced));
            }
            await StopServerAsync();
        }

        string everything = outputs.ToString() + (File.Exists(trace) ? File.ReadAllText(trace) : "");
        foreach (string committed in Sandbox.Git(RepoA, "ls-files", "-z").Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            everything += File.ReadAllText(Path.Combine(RepoA, committed));
        }
        everything += Sandbox.Git(RepoA, "log", "--all", "-p", "--notes").Stdout;
        Assert.Contains("cloud", outputs.ToString(), StringComparison.Ordinal); // the commands did report about the remote
        Assert.DoesNotContain(SecretSentinel, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenSentinel, everything, StringComparison.Ordinal);
    }
}

public sealed class S3RemoteTests : CloudRemoteTests
{
    private S3rverServer? _server;

    protected override async Task<string> StartServerAsync()
    {
        _server = await S3rverServer.StartAsync();
        return $"s3://{_server.Bucket}/store";
    }

    protected override async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override void ConfigureRemote(string repo, string remoteName)
    {
        Sandbox.GitMl(repo, "remote", "modify", remoteName, "endpointUrl", _server!.Endpoint.ToString()).EnsureSuccess("endpoint");
        Sandbox.GitMl(repo, "remote", "modify", remoteName, "region", S3rverServer.Region).EnsureSuccess("region");
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "accessKeyId", S3rverServer.AccessKeyId).EnsureSuccess("key id");
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "secretAccessKey", S3rverServer.SecretAccessKey).EnsureSuccess("secret");
    }

    protected override string[] CloneApproval() => ["-c", "ml-remote.cloud.trustedEndpoint=" + _server!.Endpoint.ToString().TrimEnd('/')];

    protected override Dictionary<string, string> CloneEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretAccessKey,
        ["AWS_REGION"] = S3rverServer.Region,
    };

    protected override void ConfigureCanaryCredentials(string repo, string remoteName, string secret, string token)
    {
        // An access key id s3rver does not know, so every request is refused; the secrets ride along.
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "accessKeyId", "AKIDCANARY00000000").EnsureSuccess("key id");
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "secretAccessKey", secret).EnsureSuccess("secret");
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "sessionToken", token).EnsureSuccess("token");
    }
}

public sealed class AzureRemoteTests : CloudRemoteTests
{
    private AzuriteServer? _server;

    protected override async Task<string> StartServerAsync()
    {
        _server = await AzuriteServer.StartAsync();
        return $"azure://{_server.Container}/store";
    }

    protected override async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override void ConfigureRemote(string repo, string remoteName) =>
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "connectionString", _server!.ConnectionString).EnsureSuccess("connection string");

    // The clone's credentials (AZURE_STORAGE_CONNECTION_STRING) name their endpoint themselves: nothing to approve.
    protected override string[] CloneApproval() => [];

    protected override Dictionary<string, string> CloneEnvironment() => new()
    {
        ["AZURE_STORAGE_CONNECTION_STRING"] = _server!.ConnectionString,
    };

    protected override void ConfigureCanaryCredentials(string repo, string remoteName, string secret, string token)
    {
        // A wrong account key (Azurite verifies shared-key signatures) and a SAS token that is not one.
        string connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={secret};BlobEndpoint={AzuriteServer.ServiceUriAt(_server!.Host)};";
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "connectionString", connection).EnsureSuccess("connection string");
        // A SAS token is bound to its account's endpoint, so the account comes first.
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "account", AzuriteServer.AccountName).EnsureSuccess("account");
        Sandbox.GitMl(repo, "remote", "modify", "--local", remoteName, "sasToken", token).EnsureSuccess("sas");
    }
}
