using System.Security.Cryptography;
using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Experiment runs end to end with real git: `git ml run` records a note on HEAD's commit, `git ml runs` reads it
/// back, runs survive concurrency, amend, and travel between clones through a bare remote.
/// </summary>
public sealed class RunTests : IDisposable
{
    /// <summary>A training stand-in: a loss curve of 100 steps appended as JSON lines, final metrics and a param through `git ml log`, and a model artifact.</summary>
    private const string TrainScript = """
        #!/bin/sh
        set -e
        awk 'BEGIN { for (i = 0; i < 100; i++) printf "{\"metric\":\"loss\",\"value\":%.6f,\"step\":%d}\n", 1 / (i + 1), i }' >> "$GIT_ML_RUN_DIR/log.jsonl"
        git ml log metric test_accuracy 0.96
        git ml log metric test_f1 0.91
        git ml log param optimizer adam
        mkdir -p models && echo "weights for lr=$GIT_ML_PARAM_TRAIN_LR" > models/model.bin
        git ml log artifact models/model.bin
        """;

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public RunTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "init").EnsureSuccess("init");
        _sandbox.GitMl(_repo, "track", "data/*.csv").EnsureSuccess("track");
        Files.Write(Path.Combine(_repo, "params.yaml"), "train:\n  lr: 0.01\n  epochs: 3\n");
        Files.Write(Path.Combine(_repo, "data/train.csv"), "a,b\n1,2\n3,4\n");
        Files.Write(Path.Combine(_repo, "train.sh"), TrainScript);
        Files.Write(Path.Combine(_repo, ".gitignore"), "models/\n");
        Commit("first");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_run_records_its_loss_curve_metrics_params_and_data_on_the_commit_it_ran_from()
    {
        string head = Head();
        var result = _sandbox.GitMl(_repo, "run", "--name", "baseline", "--set", "train.lr=0.05", "--tag", "team=churn", "--", "sh", "train.sh").EnsureSuccess("run");
        Assert.Contains("recorded run", result.Stderr);

        var run = OnlyRun();
        Assert.Equal("baseline", run.GetProperty("name").GetString());
        Assert.Equal("FINISHED", run.GetProperty("status").GetString());
        Assert.Equal(head, run.GetProperty("commit").GetString());
        Assert.Equal(head, run.GetProperty("attachedTo").GetString());
        Assert.Equal("main", run.GetProperty("branch").GetString());
        Assert.False(run.GetProperty("dirty").GetBoolean());
        Assert.Equal(["sh", "train.sh"], run.GetProperty("command").EnumerateArray().Select(e => e.GetString()));

        var parameters = run.GetProperty("params");
        Assert.Equal("0.05", parameters.GetProperty("train.lr").GetString());
        Assert.Equal("3", parameters.GetProperty("train.epochs").GetString());
        Assert.Equal("adam", parameters.GetProperty("optimizer").GetString());
        Assert.Equal("churn", run.GetProperty("tags").GetProperty("team").GetString());

        var metrics = run.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(0.96, metrics["test_accuracy"].GetProperty("value").GetDouble());
        Assert.Equal(0.91, metrics["test_f1"].GetProperty("value").GetDouble());
        var loss = metrics["loss"];
        Assert.Equal(100, loss.GetProperty("count").GetInt64());
        Assert.Equal(99, loss.GetProperty("step").GetInt64());
        Assert.Equal(0.01, loss.GetProperty("value").GetDouble());
        var history = loss.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), history.Select(p => p.GetProperty("step").GetInt64()));
        Assert.Equal(1.0 / 7, history[6].GetProperty("value").GetDouble(), 5);

        // Data lineage: the oid of the git-ml-tracked input, as its pointer in Git has it.
        string dataOid = JsonDocument.Parse(GitMl("ls-files", "--json").Stdout).RootElement.EnumerateArray()
            .Single(f => f.GetProperty("path").GetString() == "data/train.csv").GetProperty("oid").GetString()!;
        var data = run.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("path").GetString() == "data/train.csv");
        Assert.Equal(dataOid, data.GetProperty("oid").GetString());

        // The artifact is in the store under the recorded oid, with the bytes the command wrote.
        var output = run.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("models/model.bin", output.GetProperty("path").GetString());
        string oid = output.GetProperty("oid").GetString()!;
        Assert.Equal("weights for lr=0.05\n", File.ReadAllText(Files.ObjectPath(_repo, oid)));

        // The note is on HEAD's commit, one line per run.
        string note = _sandbox.Git(_repo, "notes", "--ref", "ml-runs", "show", "HEAD").EnsureSuccess("notes show").Stdout;
        Assert.Single(note.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(run.GetProperty("id").GetString()!, note);

        // The text view has the same facts, and a short prefix finds the run.
        string shown = GitMl("runs", "show", run.GetProperty("id").GetString()![..6]).Stdout;
        Assert.Contains("test_accuracy = 0.96", shown);
        Assert.Contains("loss = 0.01 (step 99, 100 value(s))", shown);
        Assert.Contains(head, shown);
    }

    [Fact]
    public void The_pipeline_runs_as_one_run_with_its_params_metrics_files_lock_lineage_and_outputs()
    {
        Files.Write(Path.Combine(_repo, "stage.sh"), "mkdir -p out && cat data/train.csv > out/model.bin && echo '{\"auc\": 0.87}' > metrics.json\n" +
            "echo \"$GIT_ML_RUN_ID $GIT_ML_STAGE\" > stage-env.txt\n");
        Files.Write(Path.Combine(_repo, "ml.yaml"), """
            stages:
              train:
                cmd: sh stage.sh
                deps:
                - data/train.csv
                - stage.sh
                params:
                - train.lr
                outs:
                - out/model.bin
                metrics:
                - metrics.json:
                    cache: false
            """);
        Commit("pipeline");
        GitMl("run", "--name", "pipeline", "--repro");

        var run = OnlyRun();
        Assert.Equal("FINISHED", run.GetProperty("status").GetString());
        // The stage's command got the run's variables and its own name.
        Assert.Equal($"{run.GetProperty("id").GetString()} train", File.ReadAllText(Path.Combine(_repo, "stage-env.txt")).Trim());
        Assert.Equal(["git", "ml", "repro"], run.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("0.01", run.GetProperty("params").GetProperty("train.lr").GetString());
        Assert.False(run.GetProperty("params").TryGetProperty("train.epochs", out _), "only the params the pipeline uses");
        Assert.Equal(0.87, run.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "auc").GetProperty("value").GetDouble());
        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        var data = run.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("path").GetString() == "data/train.csv");
        Assert.Contains(data.GetProperty("oid").GetString()!, lockText);
        var model = run.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("path").GetString() == "out/model.bin");
        Assert.Equal(Files.Sha256(Path.Combine(_repo, "out/model.bin")), model.GetProperty("oid").GetString());
    }

    [Fact]
    public void A_dirty_tree_is_refused_unless_allowed_and_then_the_run_says_dirty_with_the_diff_hash()
    {
        Files.Write(Path.Combine(_repo, "params.yaml"), "train:\n  lr: 0.5\n  epochs: 3\n");
        var refused = _sandbox.GitMl(_repo, "run", "--", "true");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("uncommitted changes", refused.Stderr);
        Assert.Contains("params.yaml", refused.Stderr);
        Assert.Contains("--allow-dirty", refused.Stderr);
        Assert.Equal("", _sandbox.Git(_repo, "notes", "--ref", "ml-runs", "list").Stdout);

        GitMl("run", "--allow-dirty", "--", "true");
        var run = OnlyRun();
        Assert.True(run.GetProperty("dirty").GetBoolean());
        byte[] diff = System.Text.Encoding.UTF8.GetBytes(_sandbox.Git(_repo, "diff", "HEAD", "--binary", "--no-color", "--no-ext-diff").Stdout);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(diff)), run.GetProperty("diffSha256").GetString());
        Assert.Equal("0.5", run.GetProperty("params").GetProperty("train.lr").GetString());
    }

    [Fact]
    public void A_failing_command_is_recorded_as_failed_and_its_exit_code_passed_on()
    {
        var result = _sandbox.GitMl(_repo, "run", "--", "sh", "-c", "git ml log metric partial 1; exit 3");
        Assert.Equal(3, result.ExitCode);
        var run = OnlyRun();
        Assert.Equal("FAILED", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void Eight_runs_started_at_once_on_the_same_commit_are_all_recorded()
    {
        var processes = Enumerable.Range(0, 8)
            .Select(i => _sandbox.Start(Path.Combine(GitMlBinary.Directory, "git-ml"), ["run", "--name", $"parallel-{i}", "--", "sh", "-c", $"git ml log metric index {i}"], _repo))
            .ToList();
        foreach (var process in processes)
        {
            process.StandardInput.Close();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, stderr);
            process.Dispose();
        }
        var names = Runs().Select(r => r.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"parallel-{i}"), names);
    }

    [Fact]
    public void Amending_the_commit_moves_its_runs_to_the_new_commit()
    {
        GitMl("run", "--name", "before-amend", "--", "true");
        string id = OnlyRun().GetProperty("id").GetString()!;
        _sandbox.Git(_repo, "commit", "--amend", "-qm", "first, reworded").EnsureSuccess("amend");
        string amended = Head();

        var run = OnlyRun();
        Assert.Equal(id, run.GetProperty("id").GetString());
        Assert.Equal(amended, run.GetProperty("attachedTo").GetString());
        Assert.Contains(id, _sandbox.Git(_repo, "notes", "--ref", "ml-runs", "show", "HEAD").EnsureSuccess("notes show").Stdout);
    }

    [Fact]
    public void A_corrupt_or_foreign_line_in_a_note_is_skipped_with_a_warning_naming_the_commit()
    {
        GitMl("run", "--name", "good", "--", "true");
        string head = Head();
        _sandbox.Git(_repo, "notes", "--ref", "ml-runs", "append", "-m", "{\"not\": \"a run\"}", "HEAD").EnsureSuccess("append");
        _sandbox.Git(_repo, "notes", "--ref", "ml-runs", "append", "-m", "}}} garbage", "HEAD").EnsureSuccess("append");

        var listed = GitMl("runs", "list", "--json");
        Assert.Contains(head[..12], listed.Stderr);
        Assert.Contains("skipped line", listed.Stderr);
        var runs = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal("good", Assert.Single(runs).GetProperty("name").GetString());
    }

    [Fact]
    public void Two_clones_recording_runs_on_the_same_commit_end_with_the_union_after_push_and_fetch()
    {
        string origin = _sandbox.CreateBareRemote();
        string storage = _sandbox.PathOf("storage");
        _sandbox.Git(_repo, "remote", "add", "origin", origin).EnsureSuccess("remote add");
        GitMl("remote", "add", "-d", "storage", storage);
        Commit("data remote");
        _sandbox.Git(_repo, "push", "-q", "-u", "origin", "main").EnsureSuccess("push");
        string other = _sandbox.PathOf("other");
        _sandbox.Git(_sandbox.Root, "clone", "-q", origin, other).EnsureSuccess("clone");

        GitMl("run", "--name", "a1", "--", "sh", "train.sh");
        GitMl("run", "--name", "a2", "--", "true");
        _sandbox.GitMl(other, "run", "--name", "b1", "--", "sh", "train.sh").EnsureSuccess("run in b");
        _sandbox.GitMl(other, "run", "--name", "b2", "--", "true").EnsureSuccess("run in b");

        Files.Write(Path.Combine(_repo, "notes.txt"), "a new commit to push\n");
        Commit("more work in a");

        // a shares with a plain git push (the pre-push hook sends the notes and the artifacts they name);
        // b with git ml push, which finds a's runs there first, merges them and pushes the union.
        var pushed = _sandbox.Git(_repo, "push", "origin", "main").EnsureSuccess("push a");
        Assert.Contains("refs/notes/ml-runs", pushed.Stderr);
        _sandbox.GitMl(other, "push").EnsureSuccess("git ml push b");
        GitMl("fetch");

        string[] all = ["a1", "a2", "b1", "b2"];
        Assert.Equal(all, Runs(_repo).Select(r => r.GetProperty("name").GetString()).Order());
        Assert.Equal(all, Runs(other).Select(r => r.GetProperty("name").GetString()).Order());

        // b's artifact reached the data remote with its notes: a fresh clone can read it back.
        string fresh = _sandbox.PathOf("fresh");
        _sandbox.Git(_sandbox.Root, "clone", "-q", origin, fresh).EnsureSuccess("clone fresh");
        _sandbox.GitMl(fresh, "fetch").EnsureSuccess("fetch fresh");
        var b1 = Runs(fresh).Single(r => r.GetProperty("name").GetString() == "b1");
        string oid = b1.GetProperty("outputs")[0].GetProperty("oid").GetString()!;
        Assert.True(File.Exists(Path.Combine(storage, oid[..2], oid[2..4], oid)), "b1's artifact is on the data remote");
    }

    [Fact]
    public void Search_filters_orders_limits_and_prints_json_and_csv_and_reports_syntax_errors_with_positions()
    {
        foreach (var (name, lr, accuracy) in new[] { ("slow", "0.001", "0.80"), ("mid", "0.01", "0.97"), ("fast", "0.1", "0.96") })
        {
            GitMl("run", "--name", name, "--set", $"train.lr={lr}", "--", "sh", "-c", $"git ml log metric test_accuracy {accuracy}");
        }

        var json = GitMl("runs", "search", "metrics.test_accuracy > 0.95 and params.train.lr LIKE '0.%'", "--order-by", "metrics.test_accuracy desc", "--json");
        Assert.Equal(["mid", "fast"], JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        var limited = GitMl("runs", "search", "", "--order-by", "metrics.test_accuracy", "--limit", "1", "--json");
        Assert.Equal("slow", JsonDocument.Parse(limited.Stdout).RootElement.EnumerateArray().Single().GetProperty("name").GetString());

        var csv = GitMl("runs", "search", "params.train.lr = '0.1'", "--csv").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, csv.Length);
        string[] header = csv[0].Split(',');
        string[] row = csv[1].Split(',');
        Assert.Equal("fast", row[Array.IndexOf(header, "name")]);
        Assert.Equal("0.96", row[Array.IndexOf(header, "metrics.test_accuracy")]);

        var error = _sandbox.GitMl(_repo, "runs", "search", "metrics.test_accuracy ~ 0.9");
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("position 22", error.Stderr);
    }

    private void Commit(string message)
    {
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", message).EnsureSuccess("commit");
    }

    private string Head() => _sandbox.Git(_repo, "rev-parse", "HEAD").EnsureSuccess("rev-parse").Stdout.Trim();

    private ProcessResult GitMl(params string[] args) => _sandbox.GitMl(_repo, args).EnsureSuccess("git ml " + string.Join(' ', args));

    private List<JsonElement> Runs(string? repo = null)
    {
        var list = _sandbox.GitMl(repo ?? _repo, "runs", "list", "--json").EnsureSuccess("runs list");
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
    }

    /// <summary>The one recorded run, in full (runs show --json, with metric histories).</summary>
    private JsonElement OnlyRun()
    {
        string id = Assert.Single(Runs()).GetProperty("id").GetString()!;
        return JsonDocument.Parse(GitMl("runs", "show", id, "--json").Stdout).RootElement;
    }
}
