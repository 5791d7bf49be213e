using System.Text.Json.Nodes;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 16 point 6: `git ml plots show|diff` draws the plots a DVC project declares (example-get-started's layout:
/// a stage's smooth loss curve, top-level ROC and confusion plots over sklearn JSON, an image) at two revisions into
/// one HTML page that opens offline; Debian's chromium, headless, loads it from file:// and the DOM it builds holds
/// one series per revision; --json gives the same data. The data file of one revision is stored by git-ml.
/// </summary>
public sealed class PlotsTests : IDisposable
{
    private const string Pipeline = """
        stages:
          evaluate:
            cmd: python src/evaluate.py
            plots:
            - eval/loss.csv:
                x: step
                y: loss
                template: smooth
        plots:
          - ROC:
              template: simple
              x: fpr
              y:
                eval/roc/test.json: tpr
          - Confusion-Matrix:
              template: confusion
              x: actual
              y:
                eval/cm/test.json: predicted
          - eval/importance.png
        """;

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public PlotsTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "init").EnsureSuccess("init");
        _sandbox.GitMl(_repo, "track", "eval/loss.csv").EnsureSuccess("track");
        Files.Write(Path.Combine(_repo, "dvc.yaml"), Pipeline);
        WriteEval(0.9, "cat");
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "first evaluation").EnsureSuccess("commit");
        WriteEval(0.5, "dog");
        _sandbox.Git(_repo, "commit", "-qam", "second evaluation").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Diff_of_two_revisions_opens_offline_in_chromium_with_one_series_per_revision()
    {
        Assert.StartsWith("version ", _sandbox.Git(_repo, "show", "HEAD~1:eval/loss.csv").Stdout, StringComparison.Ordinal);

        var diff = _sandbox.GitMl(_repo, "plots", "diff", "HEAD~1", "HEAD", "-o", "report").EnsureSuccess("plots diff");

        Assert.Contains("Wrote 4 plot(s) to file://", diff.Stdout, StringComparison.Ordinal);
        string dom = HeadlessChromium.DumpDom(_sandbox, Path.Combine(_repo, "report", "index.html"));
        Assert.Contains("data-plot=\"eval/loss.csv\" data-template=\"smooth\" data-series-count=\"2\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-plot=\"ROC\" data-template=\"simple\" data-series-count=\"2\"", dom, StringComparison.Ordinal);
        Assert.Contains("<g data-series=\"HEAD~1\" data-points=\"50\">", dom, StringComparison.Ordinal);
        Assert.Contains("<g data-series=\"HEAD\" data-points=\"50\">", dom, StringComparison.Ordinal);
        Assert.Contains("data-actual=\"dog\" data-predicted=\"dog\" data-count=\"3\"", dom, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_gives_the_data_of_every_series()
    {
        var json = JsonNode.Parse(_sandbox.GitMl(_repo, "plots", "diff", "HEAD~1", "--json").EnsureSuccess("plots diff --json").Stdout)!;

        Assert.Equal(["HEAD~1", "workspace"], json["revisions"]!.AsArray().Select(r => (string)r!));
        var loss = json["plots"]!.AsArray().Single(p => (string)p!["id"]! == "eval/loss.csv")!;
        var first = loss["series"]!.AsArray().Single(s => (string)s!["revision"]! == "HEAD~1")!;
        Assert.Equal(50, first["y"]!.AsArray().Count);
        Assert.Equal(0.9, (double)first["y"]![0]!, 6);
    }

    [Fact]
    public void Show_draws_the_working_tree_and_names_a_missing_file_without_failing()
    {
        File.Delete(Path.Combine(_repo, "eval/roc/test.json"));

        var show = _sandbox.GitMl(_repo, "plots", "show").EnsureSuccess("plots show");

        Assert.Contains("eval/roc/test.json does not exist at workspace", show.Stderr, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(_repo, "ml_plots", "index.html"));
        Assert.Contains("data-plot=\"eval/loss.csv\" data-template=\"smooth\" data-series-count=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plot_file_behind_a_symlink_is_not_read()
    {
        string outside = _sandbox.PathOf("secret.csv");
        File.WriteAllText(outside, "step,loss\n0,987654321\n");
        File.Delete(Path.Combine(_repo, "eval/loss.csv"));
        File.CreateSymbolicLink(Path.Combine(_repo, "eval/loss.csv"), outside);

        var show = _sandbox.GitMl(_repo, "plots", "show", "--json");

        Assert.DoesNotContain("987654321", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("link", show.Stdout + show.Stderr, StringComparison.Ordinal);
    }

    private void WriteEval(double start, string bias)
    {
        Files.Write(Path.Combine(_repo, "eval/loss.csv"),
            "step,loss\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{(start / (1 + i)).ToString(System.Globalization.CultureInfo.InvariantCulture)}\n")));
        Files.Write(Path.Combine(_repo, "eval/roc/test.json"),
            "{\"roc\": [" + string.Join(", ", Enumerable.Range(0, 50).Select(i => $"{{\"fpr\": {i / 49.0:0.####}, \"tpr\": {Math.Sqrt(i / 49.0) * start:0.####}}}")) + "]}");
        Files.Write(Path.Combine(_repo, "eval/cm/test.json"),
            $"[{{\"actual\": \"cat\", \"predicted\": \"cat\"}}, {{\"actual\": \"dog\", \"predicted\": \"dog\"}}, {{\"actual\": \"dog\", \"predicted\": \"dog\"}}, {{\"actual\": \"dog\", \"predicted\": \"{bias}\"}}]");
        Files.Write(Path.Combine(_repo, "eval/importance.png"), "\u0089PNG fake " + bias);
    }
}
