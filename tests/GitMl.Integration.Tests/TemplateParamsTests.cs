using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Values a stage uses through ${...} from params files are recorded as its params in ml.lock, so `git ml params diff
/// --deps` and the merge driver see them; a lock DVC wrote (DVC does not record them there) is not stale for that.
/// </summary>
public sealed class TemplateParamsTests : IDisposable
{
    private const string Pipeline = """
        stages:
          train:
            cmd: echo lr=${train.lr} > model.txt
            outs:
            - model.txt
        """;

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public TemplateParamsTests()
    {
        _repo = _sandbox.CreateRepository();
    }

    public void Dispose() => _sandbox.Dispose();

    private static string Params(string lr) => $"train:\n  lr: {lr}\n  seed: 42\n";

    [Fact]
    public void A_value_used_in_cmd_is_recorded_in_ml_lock_and_shown_by_params_diff_deps()
    {
        Files.Write(Path.Combine(_repo, "params.yaml"), Params("0.1"));
        Files.Write(Path.Combine(_repo, "ml.yaml"), Pipeline);
        _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");

        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        Assert.Contains("params:\n      params.yaml:\n        train.lr: 0.1\n", lockText, StringComparison.Ordinal);
        Assert.DoesNotContain("seed", lockText, StringComparison.Ordinal);
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "lr 0.1").EnsureSuccess("commit");

        Files.Write(Path.Combine(_repo, "params.yaml"), "train:\n  lr: 0.2\n  seed: 7\n");
        string diff = _sandbox.GitMl(_repo, "params", "diff", "--deps").EnsureSuccess("params diff").Stdout;

        Assert.Contains("train.lr", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("seed", diff, StringComparison.Ordinal);
        string status = _sandbox.GitMl(_repo, "status").Stdout;
        Assert.Contains("parameter train.lr (params.yaml) changed from 0.1 to 0.2", status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dvc_lock_without_the_templated_values_is_up_to_date()
    {
        const string Model = "lr=0.1\n";
        Files.Write(Path.Combine(_repo, "params.yaml"), Params("0.1"));
        Files.Write(Path.Combine(_repo, "model.txt"), Model);
        Files.Write(Path.Combine(_repo, "dvc.yaml"), Pipeline);
        Files.Write(Path.Combine(_repo, "dvc.lock"),
            "schema: '2.0'\nstages:\n  train:\n    cmd: echo lr=0.1 > model.txt\n" +
            $"    outs:\n    - path: model.txt\n      hash: md5\n      md5: {DvcFixture.Md5(Model)}\n      size: {Model.Length}\n");

        var status = _sandbox.GitMl(_repo, "status");

        Assert.Contains("all 1 stage(s) up to date", status.Stdout, StringComparison.Ordinal);
    }
}
