using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// The lock-file and params merge drivers through real `git merge`: a three-stage pipeline (prepare -> train, and an
/// independent report) with shell stand-ins, `git ml init` for the .gitattributes lines, branches that each change
/// and repro stages. Edits change the outputs' sizes on purpose: repro takes an output's hash from its staged
/// pointer when `git diff-files` calls it unmodified, which a same-size rewrite within the same second can fool
/// (a separate repro issue these tests are not about).
/// </summary>
public sealed class MergeDriverTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public MergeDriverTests()
    {
        _repo = _sandbox.CreateRepository();
        Write("params.yaml", """
            # Parameters of the churn pipeline.
            prepare:
              split: 0.8   # share of rows for training
            train:
              epochs: 10
              # learning rate, tuned by hand
              lr: 0.01
            report:
              title: churn
            """);
        Write("data/raw.csv", "id,churn\n1,0\n2,1\n");
        Write("src/prepare.sh", "mkdir -p data/processed && cp data/raw.csv data/processed/train.csv && grep split params.yaml > data/processed/split.txt\n");
        Write("src/train.sh", "mkdir -p models && { cat data/processed/train.csv; grep -E 'epochs|lr' params.yaml; } > models/model.pkl\n");
        Write("src/report.sh", "grep title params.yaml > report.txt\n");
        Write("ml.yaml", """
            stages:
              prepare:
                cmd: sh src/prepare.sh
                deps: [data/raw.csv, src/prepare.sh]
                params: [prepare.split]
                outs: [data/processed]
              train:
                cmd: sh src/train.sh
                deps: [data/processed, src/train.sh]
                params: [train.epochs, train.lr]
                outs: [models/model.pkl]
              report:
                cmd: sh src/report.sh
                deps: [src/report.sh]
                params: [report.title]
                outs: [report.txt]
            """);
        GitMl("init");
        GitMl("repro");
        Commit("pipeline");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Init_sends_lock_and_params_files_through_the_drivers()
    {
        string attributes = File.ReadAllText(Path.Combine(_repo, ".gitattributes"));
        Assert.Contains("ml.lock merge=ml-lock\ndvc.lock merge=ml-lock\nparams.yaml merge=ml-params\n", attributes, StringComparison.Ordinal);
        Assert.Contains("merge: ml-lock", Git("check-attr", "merge", "sub/dvc.lock").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Branches_that_repro_different_stages_merge_cleanly_and_nothing_is_stale()
    {
        Git("checkout", "-qb", "tune");
        Rerun("epochs: 10", "epochs: 200", "more epochs");
        Git("checkout", "-qb", "rename", "main");
        Rerun("title: churn", "title: churn v2", "new title");

        var merge = Git("merge", "--no-edit", "tune");

        Assert.Equal(0, merge.ExitCode);
        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        Assert.Contains("train.epochs: 200", lockText, StringComparison.Ordinal);
        Assert.Contains("report.title: churn v2", lockText, StringComparison.Ordinal);
        Assert.DoesNotContain("<<<<<<<", lockText, StringComparison.Ordinal);
        string parameters = File.ReadAllText(Path.Combine(_repo, "params.yaml"));
        Assert.Contains("  split: 0.8   # share of rows for training\n", parameters, StringComparison.Ordinal);
        Assert.Contains("  epochs: 200\n  # learning rate, tuned by hand\n", parameters, StringComparison.Ordinal);
        Assert.Contains("  title: churn v2\n", parameters, StringComparison.Ordinal);
        Assert.DoesNotContain("would run", GitMl("repro", "--dry-run").Stdout, StringComparison.Ordinal);
        Assert.Contains("all 3 stage(s) up to date", GitMl("status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Branches_that_change_the_same_stage_stop_with_markers_on_that_stage_and_repro_resolves_it()
    {
        Git("checkout", "-qb", "tune");
        Edit("params.yaml", "epochs: 10", "epochs: 200");
        Rerun("title: churn", "title: churn v2", "more epochs, new title");
        Git("checkout", "-qb", "code", "main");
        File.AppendAllText(Path.Combine(_repo, "src/train.sh"), "echo tuned >> models/model.pkl\n");
        GitMl("repro");
        Commit("train differently");

        var merge = Git("merge", "--no-edit", "tune");

        Assert.NotEqual(0, merge.ExitCode);
        string output = merge.Stdout + merge.Stderr;
        Assert.Contains("stage train: dep src/train.sh; param train.epochs (params.yaml): 10 ours, 200 theirs; out models/model.pkl", output, StringComparison.Ordinal);
        Assert.Contains("git ml repro train", output, StringComparison.Ordinal);
        Assert.Contains("git add ml.lock", output, StringComparison.Ordinal);
        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        Assert.Equal(1, Count(lockText, "<<<<<<< ours\n"));
        string marked = lockText[lockText.IndexOf("<<<<<<<", StringComparison.Ordinal)..lockText.IndexOf(">>>>>>>", StringComparison.Ordinal)];
        Assert.StartsWith("<<<<<<< ours\n  train:\n", marked, StringComparison.Ordinal);
        Assert.Contains("=======\n  train:\n", marked, StringComparison.Ordinal);
        Assert.DoesNotContain("prepare:", marked, StringComparison.Ordinal);
        Assert.DoesNotContain("report", marked, StringComparison.Ordinal);
        Assert.Contains("report.title: churn v2", lockText, StringComparison.Ordinal);

        // Committing the markers is refused, with the way out.
        Git("add", "-A");
        var refused = Git("commit", "--no-edit");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ml.lock", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("conflict marker at line", refused.Stderr, StringComparison.Ordinal);

        GitMl("repro", "train");
        Git("add", "ml.lock", "models/model.pkl").EnsureSuccess("add");
        Git("commit", "--no-edit").EnsureSuccess("commit the merge");
        Assert.Contains("all 3 stage(s) up to date", GitMl("status").Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<<<<<<<", File.ReadAllText(Path.Combine(_repo, "ml.lock")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_param_changed_on_both_branches_conflicts_at_that_key_only()
    {
        Git("checkout", "-qb", "a");
        Edit("params.yaml", "lr: 0.01", "lr: 0.02");
        Edit("params.yaml", "split: 0.8", "split: 0.7");
        Commit("a");
        Git("checkout", "-qb", "b", "main");
        Edit("params.yaml", "lr: 0.01", "lr: 0.03");
        Edit("params.yaml", "title: churn", "title: b");
        Commit("b");

        var merge = Git("merge", "--no-edit", "a");

        Assert.NotEqual(0, merge.ExitCode);
        Assert.Contains("train.lr: 0.03 ours, 0.02 theirs", merge.Stdout + merge.Stderr, StringComparison.Ordinal);
        Assert.Equal("""
            # Parameters of the churn pipeline.
            prepare:
              split: 0.7   # share of rows for training
            train:
              epochs: 10
              # learning rate, tuned by hand
            <<<<<<< ours
              lr: 0.03
            =======
              lr: 0.02
            >>>>>>> theirs
            report:
              title: b

            """, File.ReadAllText(Path.Combine(_repo, "params.yaml")));
    }

    [Fact]
    public void A_criss_cross_history_merges_through_the_driver_without_losing_stages()
    {
        Git("checkout", "-qb", "x");
        Rerun("epochs: 10", "epochs: 200", "x1: epochs 200");
        Git("checkout", "-qb", "y", "main");
        Rerun("title: churn", "title: y1", "y1: title y1");
        string y1 = Git("rev-parse", "HEAD").Stdout.Trim();

        // Each branch merges the other's first commit: two merge bases from now on.
        Git("merge", "--no-edit", "x~0").EnsureSuccess("y merges x1");
        string x1 = Git("rev-parse", "x").Stdout.Trim();
        Git("checkout", "-q", "x");
        Git("merge", "--no-edit", y1).EnsureSuccess("x merges y1");
        Rerun("title: y1", "title: x-three", "x3: title x-three");
        Git("checkout", "-q", "y");
        Rerun("epochs: 200", "epochs: 3000", "y3: epochs 3000");
        Assert.Equal(2, Git("merge-base", "--all", "x", "y").Stdout.Trim().Split('\n').Length);
        Assert.Contains(x1, Git("merge-base", "--all", "x", "y").Stdout, StringComparison.Ordinal);

        Git("merge", "--no-edit", "x").EnsureSuccess("the criss-cross merge");

        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        Assert.Contains("train.epochs: 3000", lockText, StringComparison.Ordinal);
        Assert.Contains("report.title: x-three", lockText, StringComparison.Ordinal);
        Assert.Contains("  prepare:\n", lockText, StringComparison.Ordinal);
        Assert.Contains("all 3 stage(s) up to date", GitMl("status").Stdout, StringComparison.Ordinal);
    }

    private ProcessResult Git(params string[] args) => _sandbox.Git(_repo, args);

    private ProcessResult GitMl(params string[] args) => _sandbox.GitMl(_repo, args).EnsureSuccess("git ml " + string.Join(' ', args));

    /// <summary>Changes one value in params.yaml, reruns what it affects and commits it all on the current branch.</summary>
    private void Rerun(string from, string to, string message)
    {
        Edit("params.yaml", from, to);
        GitMl("repro");
        Commit(message);
    }

    private void Commit(string message)
    {
        Git("add", "-A").EnsureSuccess("add");
        Git("commit", "-qm", message).EnsureSuccess("commit " + message);
    }

    private void Write(string path, string text) => Files.Write(Path.Combine(_repo, path), text.EndsWith('\n') ? text : text + "\n");

    private void Edit(string path, string from, string to)
    {
        string full = Path.Combine(_repo, path);
        string text = File.ReadAllText(full);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(full, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
