using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Run notes and the model registry between clones, with real git and the published git-ml, against a remote that
/// lies: a forged registry that rewrites an immutable version or cuts the audit trail is refused by fetch, pull and
/// merge (the local ref keeps its sha); a local registry that rewrote what the remote had is not pushed; a rewritten
/// run record is reported and the local record kept. And against contention: two clones pushing at once all land.
/// </summary>
public sealed class SharedRefTests : IDisposable
{
    private const string Model = "customer-churn-rf";
    private const string RegistryRef = "refs/ml/registry";
    private const string NotesRef = "refs/notes/ml-runs";

    private readonly Sandbox _sandbox = new();
    private readonly string _origin;
    private readonly string _a;

    public SharedRefTests()
    {
        _origin = _sandbox.CreateBareRemote();
        _a = _sandbox.CreateRepository("a", _origin);
        _sandbox.GitMl(_a, "install").EnsureSuccess("install hooks");
        _sandbox.GitMl(_a, "remote", "add", "-d", "storage", _sandbox.PathOf("storage")).EnsureSuccess("data remote");
        Files.Write(Path.Combine(_a, ".gitignore"), "models/\n");
        _sandbox.Git(_a, "add", ".mlconfig", ".gitignore").EnsureSuccess("add");
        _sandbox.Git(_a, "commit", "-qm", "setup").EnsureSuccess("commit");
        _sandbox.Git(_a, "push", "-q", "-u", "origin", "main").EnsureSuccess("push");
    }

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string> Forgeries => ["oid", "events"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_forged_registry_fast_forward_is_refused_by_fetch_pull_and_merge_and_the_local_ref_keeps_its_sha(string forgery)
    {
        string b = SharedRegistryInTwoClones();
        string before = Rev(b, RegistryRef);
        ForgeRegistry(_origin, forgery);

        string expected = forgery == "oid" ? $"{Model} version 1: oid changed" : $"{Model}: audit trail";
        foreach (string[] command in new[] { new[] { "fetch" }, ["pull"], ["model", "merge", "refs/ml/remotes/origin/ml/registry", "--remote", "origin"] })
        {
            var result = _sandbox.GitMl(b, command);
            Assert.True(result.ExitCode == 1, $"git ml {string.Join(' ', command)} exited {result.ExitCode}\n{result.Stderr}");
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
            Assert.Contains("left unchanged", result.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, Rev(b, RegistryRef));
        }
        Assert.Equal(2, Json(_sandbox.GitMl(b, "model", "history", Model, "--json")).GetProperty("events").GetArrayLength());
    }

    [Fact]
    public void A_local_registry_that_rewrote_what_the_remote_had_is_not_pushed()
    {
        SharedRegistryInTwoClones();
        string remoteBefore = Rev(_origin, RegistryRef);
        ForgeRegistry(_a, "oid"); // someone edited refs/ml/registry by hand, as a child of what origin has

        var push = _sandbox.GitMl(_a, "push");
        Assert.Equal(1, push.ExitCode);
        Assert.Contains($"{Model} version 1: oid changed", push.Stderr, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, Rev(_origin, RegistryRef));

        var named = _sandbox.Git(_a, "push", "origin", RegistryRef);
        Assert.NotEqual(0, named.ExitCode);
        Assert.Contains($"{Model} version 1: oid changed", named.Stderr, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, Rev(_origin, RegistryRef));

        Assert.NotEqual(0, _sandbox.Git(_a, "push", "--force", "origin", RegistryRef).ExitCode);
        Assert.Equal(remoteBefore, Rev(_origin, RegistryRef));
    }

    [Fact]
    public void A_rewritten_run_record_in_fetched_notes_is_reported_and_the_local_record_kept()
    {
        _sandbox.GitMl(_a, "run", "--name", "honest", "--", "true").EnsureSuccess("run");
        _sandbox.GitMl(_a, "push").EnsureSuccess("push runs");
        string b = Clone("b");
        _sandbox.GitMl(b, "fetch").EnsureSuccess("b fetches the runs");
        var run = Assert.Single(Runs(b));
        string id = run.GetProperty("id").GetString()!;

        // origin's note for that commit now says something else about the same run.
        string head = Rev(_origin, "main");
        string line = _sandbox.Git(_origin, "notes", "--ref", NotesRef, "show", head).EnsureSuccess("show note").Stdout.Trim();
        Assert.Contains("\"name\":\"honest\"", line, StringComparison.Ordinal);
        _sandbox.Git(_origin, "notes", "--ref", NotesRef, "add", "-f", "-m", line.Replace("\"name\":\"honest\"", "\"name\":\"forged\"", StringComparison.Ordinal), head).EnsureSuccess("forge note");

        var fetch = _sandbox.GitMl(b, "fetch");
        Assert.Contains($"run {id[..12]}", fetch.Stderr, StringComparison.Ordinal);
        Assert.Contains(head[..12], fetch.Stderr, StringComparison.Ordinal);
        Assert.Contains("changed", fetch.Stderr, StringComparison.Ordinal);
        Assert.Equal("honest", Assert.Single(Runs(b)).GetProperty("name").GetString());

        // A removed record is reported the same way, and the local one stays.
        string c = Clone("c");
        _sandbox.GitMl(c, "fetch").EnsureSuccess("c fetches");
        _sandbox.Git(_origin, "notes", "--ref", NotesRef, "remove", head).EnsureSuccess("remove note");
        var removed = _sandbox.GitMl(c, "fetch");
        Assert.Contains($"run {id[..12]}", removed.Stderr, StringComparison.Ordinal);
        Assert.Contains("removed", removed.Stderr, StringComparison.Ordinal);
        Assert.Equal("forged", Assert.Single(Runs(c)).GetProperty("name").GetString()); // c had only ever seen the forged one
    }

    [Fact]
    public void Two_clones_pushing_runs_twenty_times_each_at_once_all_land()
    {
        string b = Clone("b");
        const int rounds = 20;
        const string loop = """
            for n in $(seq 1 $ROUNDS); do
              git ml run --name "$NAME-$n" -- true >/dev/null || { echo "round $n: git ml run failed" >&2; exit 1; }
              git ml push >/dev/null || { echo "round $n: git ml push failed" >&2; exit 2; }
            done
            """;
        var results = RunConcurrently(loop, rounds, (_a, "a"), (b, "b"));
        foreach (var (name, code, stderr) in results)
        {
            Assert.True(code == 0, $"loop {name} exited {code}:\n{stderr}");
        }
        string fresh = Clone("fresh");
        _sandbox.GitMl(fresh, "fetch").EnsureSuccess("fetch runs");
        var names = Runs(fresh).Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        var expected = new[] { "a", "b" }.SelectMany(p => Enumerable.Range(1, rounds).Select(n => $"{p}-{n}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, names);
    }

    [Fact]
    public void Two_clones_pushing_registry_changes_at_once_all_land()
    {
        string b = Clone("b");
        const int rounds = 6;
        const string loop = """
            mkdir -p models
            for n in $(seq 1 $ROUNDS); do
              echo "$NAME weights $n" > models/m.bin
              git ml model register "model-$NAME" models/m.bin -m "round $n" >/dev/null || { echo "round $n: register failed" >&2; exit 1; }
              git ml push >/dev/null || { echo "round $n: git ml push failed" >&2; exit 2; }
            done
            """;
        foreach (var (name, code, stderr) in RunConcurrently(loop, rounds, (_a, "a"), (b, "b")))
        {
            Assert.True(code == 0, $"loop {name} exited {code}:\n{stderr}");
        }
        string fresh = Clone("fresh");
        _sandbox.GitMl(fresh, "fetch").EnsureSuccess("fetch registry");
        foreach (string name in new[] { "a", "b" })
        {
            Assert.Equal(rounds, Json(_sandbox.GitMl(fresh, "model", "show", $"model-{name}", "--json")).GetProperty("versions").GetArrayLength());
        }
    }

    /// <summary>a registers two versions and promotes one, pushes; b clones and fetches the registry. Returns b.</summary>
    private string SharedRegistryInTwoClones()
    {
        Files.Write(Path.Combine(_a, "models", "model.pkl"), "weights 1\n");
        _sandbox.GitMl(_a, "model", "register", Model, "models/model.pkl", "-m", "first").EnsureSuccess("register");
        _sandbox.GitMl(_a, "model", "promote", Model, "1", "--stage", "Production").EnsureSuccess("promote");
        _sandbox.GitMl(_a, "push").EnsureSuccess("push the registry");
        string b = Clone("b");
        _sandbox.GitMl(b, "fetch").EnsureSuccess("b fetches the registry");
        Assert.Equal(Rev(_a, RegistryRef), Rev(b, RegistryRef));
        return b;
    }

    /// <summary>
    /// Rewrites the registry in <paramref name="gitDir"/> as a child of its tip (so it looks like a fast-forward): the
    /// oid of version 1, or the audit trail cut to its first event.
    /// </summary>
    private void ForgeRegistry(string gitDir, string forgery)
    {
        string tip = Rev(gitDir, RegistryRef);
        string file = $"{Model}.json";
        var model = JsonNode.Parse(_sandbox.Git(gitDir, "cat-file", "-p", $"{tip}:{file}").EnsureSuccess("read model").Stdout)!;
        if (forgery == "oid")
        {
            model["versions"]![0]!["oid"] = new string('e', 64);
        }
        else
        {
            var events = model["events"]!.AsArray();
            while (events.Count > 1)
            {
                events.RemoveAt(events.Count - 1);
            }
        }
        string blob = GitIn(gitDir, Encoding.UTF8.GetBytes(model.ToJsonString() + "\n"), "hash-object", "-w", "--stdin");
        string tree = GitIn(gitDir, Encoding.UTF8.GetBytes($"100644 blob {blob}\t{file}\n"), "mktree");
        string commit = GitIn(gitDir, Encoding.UTF8.GetBytes("looks like a normal change\n"), "commit-tree", tree, "-p", tip);
        _sandbox.Git(gitDir, "update-ref", RegistryRef, commit, tip).EnsureSuccess("move the registry ref");
    }

    private string GitIn(string cwd, byte[] stdin, params string[] args) =>
        _sandbox.Run("git", args, cwd, stdin: stdin).EnsureSuccess("git " + args[0]).Stdout.Trim();

    private string Clone(string name)
    {
        _sandbox.Git(_sandbox.Root, "clone", "-q", _origin, name).EnsureSuccess("clone");
        return _sandbox.PathOf(name);
    }

    private string Rev(string cwd, string rev) => _sandbox.Git(cwd, "rev-parse", rev).EnsureSuccess("rev-parse " + rev).Stdout.Trim();

    private List<JsonElement> Runs(string repo) =>
        JsonDocument.Parse(_sandbox.GitMl(repo, "runs", "list", "--json").EnsureSuccess("runs list").Stdout).RootElement.EnumerateArray().ToList();

    private static JsonElement Json(ProcessResult result)
    {
        using var doc = JsonDocument.Parse(result.EnsureSuccess("json").Stdout);
        return doc.RootElement.Clone();
    }

    /// <summary>Runs the shell <paramref name="script"/> in each clone at the same time; returns each one's exit code and stderr.</summary>
    private List<(string Name, int Code, string Stderr)> RunConcurrently(string script, int rounds, params (string Repo, string Name)[] clones)
    {
        var processes = clones.Select(c => (c.Name, Process: _sandbox.Start("sh", ["-c", script], c.Repo,
            new Dictionary<string, string> { ["NAME"] = c.Name, ["ROUNDS"] = rounds.ToString(System.Globalization.CultureInfo.InvariantCulture) }))).ToList();
        var outputs = processes.Select(p =>
        {
            p.Process.StandardInput.Close();
            return (p.Name, p.Process, Stdout: p.Process.StandardOutput.ReadToEndAsync(), Stderr: p.Process.StandardError.ReadToEndAsync());
        }).ToList();
        var results = new List<(string, int, string)>();
        foreach (var (name, process, stdout, stderr) in outputs)
        {
            process.WaitForExit();
            results.Add((name, process.ExitCode, stderr.GetAwaiter().GetResult() + stdout.GetAwaiter().GetResult()));
            process.Dispose();
        }
        return results;
    }
}
