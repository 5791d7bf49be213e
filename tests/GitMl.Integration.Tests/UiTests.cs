using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 15: `git ml ui` in Debian's chromium, headless, over a repository with 50 runs on 5 commits, 3 models with
/// stages and aliases, and a pipeline with a stale stage. The view lives in the URL, so each assertion loads a URL and
/// reads the DOM the page built (the chart's data is on the page as attributes, not only as pixels). Screenshots of
/// every page go to the test output folder (ui-screenshots/) for a reviewer to look at.
/// </summary>
public sealed partial class UiTests : IClassFixture<UiTests.Repository>
{
    private readonly Repository _fixture;

    public UiTests(Repository fixture) => _fixture = fixture;

    [Fact]
    public void Runs_table_lists_every_run_and_sorts_by_a_metric()
    {
        string dom = _fixture.Page("#/runs?sort=metrics.accuracy&desc=1", "runs");

        Assert.Contains("data-rows=\"50\"", dom, StringComparison.Ordinal);
        var order = RowIds().Matches(dom).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(50, order.Count);
        Assert.Equal(_fixture.RunIds.OrderByDescending(id => _fixture.Accuracy[id]), order);

        string ascending = _fixture.Page("#/runs?sort=metrics.accuracy", null);
        Assert.Equal(order.AsEnumerable().Reverse(), RowIds().Matches(ascending).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Runs_table_filters_with_the_search_grammar_and_shows_errors_at_their_position()
    {
        string filter = Uri.EscapeDataString("metrics.accuracy >= 0.3 and params.model = 'rf'");
        string dom = _fixture.Page($"#/runs?filter={filter}", "runs-filtered");
        var expected = _fixture.RunIds.Where(id => _fixture.Accuracy[id] >= 0.3 && _fixture.Model[id] == "rf").ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, RowIds().Matches(dom).Select(m => m.Groups[1].Value).ToHashSet());

        string broken = _fixture.Page($"#/runs?filter={Uri.EscapeDataString("metrics.accuracy >")}", "runs-filter-error");
        Assert.Contains("id=\"filter-error\"", broken, StringComparison.Ordinal);
        Assert.Matches("at position 18", broken);
        Assert.DoesNotContain("data-rows=", broken, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_run_names_are_shown_as_text()
    {
        string dom = _fixture.Page("#/runs", null);

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=\"x\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_draws_one_series_per_selected_run()
    {
        var chosen = _fixture.RunIds.Take(3).ToList();
        string dom = _fixture.Page($"#/compare?runs={string.Join(',', chosen)}&metric=loss&log=1&smooth=0.5", "compare");

        Assert.Contains("data-series-count=\"3\"", dom, StringComparison.Ordinal);
        foreach (string id in chosen)
        {
            Assert.Contains($"data-series=\"{id}\" data-points=\"{Repository.Steps}\"", dom, StringComparison.Ordinal);
        }
        Assert.Contains("class=\"uplot", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"params-diff\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"parallel\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_page_shows_params_metrics_and_the_commit()
    {
        string id = _fixture.RunIds[17]; // runs 10 to 19 are on the second commit
        string dom = _fixture.Page($"#/run/{id}", "run");

        Assert.Contains("id=\"params\"", dom, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"mono\">{_fixture.CommitOf[id]}</td>", dom, StringComparison.Ordinal);
        Assert.Contains("commit 2 of 5", dom, StringComparison.Ordinal);
        Assert.Matches("class=\"sparkline\" data-points=\"\\d+\"", dom);
    }

    [Fact]
    public void Models_page_shows_stages_and_aliases()
    {
        string dom = _fixture.Page("#/models", "models");

        foreach (string model in (string[])["churn-rf", "churn-xgb", "fraud-net"])
        {
            Assert.Contains($"data-model=\"{model}\"", dom, StringComparison.Ordinal);
        }
        Assert.Matches("data-version=\"2\" data-stage=\"Production\" data-aliases=\"champion\"", dom);
        Assert.Matches("data-version=\"1\" data-stage=\"Staging\" data-aliases=\"challenger\"", dom);
    }

    [Fact]
    public void Pipeline_page_marks_the_stale_stage_and_says_why()
    {
        string dom = _fixture.Page("#/pipeline", "pipeline");

        Assert.Contains("data-stage=\"prepare\" data-outcome=\"UpToDate\"", dom, StringComparison.Ordinal);
        Assert.Matches("data-stage=\"train\" data-outcome=\"WouldRun\" class=\"stale\"><td>train</td><td>stale</td><td>[^<]*params.yaml", dom);
        Assert.Contains("id=\"dag\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-plot=\"eval/loss.csv\" data-series-count=\"2\"", dom, StringComparison.Ordinal);
        Assert.Contains("<img src=\"data:image/svg+xml;", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_page_compares_metrics_and_params_between_two_revisions_as_the_diff_commands_do()
    {
        string dom = _fixture.Page("#/pipeline?a=HEAD&b=workspace", "pipeline-diff");

        Assert.Matches("<tr data-path=\"eval/metrics.json\" data-key=\"acc\" data-change=\"changed\"[^>]*><td>eval/metrics.json</td><td>acc</td><td class=\"num\">0.8</td><td class=\"num\">0.85</td><td class=\"num\">0.0[45][^<]*</td></tr>", dom);
        Assert.Contains("data-key=\"loss\" data-change=\"unchanged\"", dom, StringComparison.Ordinal);
        Assert.Matches("<tr data-path=\"params.yaml\" data-key=\"lr\" data-change=\"changed\"[^>]*><td>params.yaml</td><td>lr</td><td class=\"num\">0.1</td><td class=\"num\">0.2</td></tr>", dom);

        // The same rows `git ml metrics diff` and `git ml params diff` print: the page shows their computation, not its own.
        foreach (string kind in (string[])["metrics", "params"])
        {
            using var cli = JsonDocument.Parse(_fixture.Sandbox.GitMl(_fixture.Repo, kind, "diff", "HEAD", "--json").EnsureSuccess(kind + " diff").Stdout);
            foreach (var file in cli.RootElement.EnumerateObject())
            {
                foreach (var key in file.Value.EnumerateObject())
                {
                    Assert.Contains($"data-path=\"{file.Name}\" data-key=\"{key.Name}\" data-change=\"changed\"", dom, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Export_opens_from_file_and_shows_the_same_runs()
    {
        string site = _fixture.Sandbox.PathOf("site");
        var result = _fixture.Sandbox.GitMl(_fixture.Repo, "ui", "--export", site, "--json").EnsureSuccess("ui --export");
        Assert.Equal(50, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("runs").GetInt32());
        string url = new Uri(Path.Combine(site, "index.html")).AbsoluteUri;

        string dom = Dump(url + "#/runs?sort=metrics.accuracy&desc=1", "export-runs");
        Assert.Equal(RowIds().Matches(_fixture.Page("#/runs?sort=metrics.accuracy&desc=1", null)).Select(m => m.Groups[1].Value),
            RowIds().Matches(dom).Select(m => m.Groups[1].Value));
        string compare = Dump(url + $"#/compare?runs={string.Join(',', _fixture.RunIds.Take(2))}&metric=loss", "export-compare");
        Assert.Contains("data-series-count=\"2\"", compare, StringComparison.Ordinal);
        string filtered = Dump(url + $"#/runs?filter={Uri.EscapeDataString("params.model = 'rf'")}", null);
        Assert.Contains($"data-rows=\"{_fixture.RunIds.Count(id => _fixture.Model[id] == "rf")}\"", filtered, StringComparison.Ordinal);

        // A second export replaces the first; a folder with anything else in it is refused.
        _fixture.Sandbox.GitMl(_fixture.Repo, "ui", "--export", site).EnsureSuccess("second export");
        string other = _fixture.Sandbox.PathOf("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "notes.txt"), "mine");
        var refused = _fixture.Sandbox.GitMl(_fixture.Repo, "ui", "--export", other);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not empty", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(other).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Server_serves_the_pages_under_a_strict_policy_and_downsamples_histories()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_fixture.Url) };
        using var page = await http.GetAsync("/");
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("script-src 'self'", string.Join(' ', page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("ui/app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        string id = _fixture.RunIds[0];
        var history = JsonDocument.Parse(await http.GetStringAsync($"/ajax-api/git-ml/metric-history?run_id={id}&metric_key=loss&max_points=10")).RootElement;
        Assert.Equal(Repository.Steps, history.GetProperty("total").GetInt32());
        var steps = history.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()).ToList();
        Assert.Equal(10, steps.Count);
        Assert.Equal(0, steps[0]);
        Assert.Equal(Repository.Steps - 1, steps[^1]);

        using var refused = await http.GetAsync($"/ajax-api/git-ml/metric-history?run_id={id}&metric_key=loss&max_points=2");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        using var missing = await http.GetAsync("/ui/../../etc/passwd");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, missing.StatusCode);
    }

    private string Dump(string url, string? screenshot)
    {
        if (screenshot is not null)
        {
            HeadlessChromium.Screenshot(_fixture.Sandbox, url, Repository.ScreenshotPath(screenshot));
        }
        return HeadlessChromium.DumpUrl(_fixture.Sandbox, url);
    }

    [GeneratedRegex("<tr data-run-id=\"([0-9a-f]+)\"")]
    private static partial Regex RowIds();

    /// <summary>The repository every test reads (built once), with `git ml ui` serving it.</summary>
    public sealed class Repository : IDisposable
    {
        public const int Steps = 30;
        private readonly UiProcess _ui;

        public Repository()
        {
            Sandbox = new Sandbox();
            Repo = Sandbox.CreateRepository();
            Ml("init");
            File.WriteAllText(Path.Combine(Repo, "ml.yaml"), """
                stages:
                  prepare:
                    cmd: sh -c 'mkdir -p data && echo prepared > data/clean.txt'
                    outs:
                    - data/clean.txt
                  train:
                    cmd: sh -c 'cat data/clean.txt > model.txt'
                    deps:
                    - data/clean.txt
                    params:
                    - lr
                    outs:
                    - model.txt
                plots:
                - eval/loss.csv:
                    x: step
                    y: loss
                metrics:
                - eval/metrics.json
                """);
            Directory.CreateDirectory(Path.Combine(Repo, "eval"));
            File.WriteAllText(Path.Combine(Repo, "eval", "metrics.json"), """{"acc": 0.8, "loss": 0.5}""");
            File.WriteAllText(Path.Combine(Repo, "eval", "loss.csv"), "step,loss\n0,1.0\n1,0.5\n2,0.3\n");
            File.WriteAllText(Path.Combine(Repo, "params.yaml"), "lr: 0.1\n");
            Ml("repro");
            var commits = new List<string>();
            for (int c = 1; c <= 5; c++)
            {
                File.WriteAllText(Path.Combine(Repo, "train.py"), $"print({c})\n");
                Sandbox.Git(Repo, "add", "-A").EnsureSuccess("add");
                Sandbox.Git(Repo, "commit", "-qm", $"commit {c} of 5").EnsureSuccess("commit");
                commits.Add(Sandbox.Git(Repo, "rev-parse", "HEAD").Stdout.Trim());
            }
            File.WriteAllText(Path.Combine(Repo, "params.yaml"), "lr: 0.2\n"); // train is now stale
            File.WriteAllText(Path.Combine(Repo, "eval", "loss.csv"), "step,loss\n0,0.9\n1,0.4\n2,0.2\n");
            File.WriteAllText(Path.Combine(Repo, "eval", "metrics.json"), """{"acc": 0.85, "loss": 0.5}""");

            _ui = UiProcess.Start(Sandbox, Repo);
            Assert.StartsWith("http://127.0.0.1:", _ui.Url, StringComparison.Ordinal);
            LogRuns(commits).GetAwaiter().GetResult();
            RegisterModels();
        }

        public Sandbox Sandbox { get; }

        public string Repo { get; }

        public string Url => _ui.Url;

        public List<string> RunIds { get; } = [];

        public Dictionary<string, double> Accuracy { get; } = [];

        public Dictionary<string, string> Model { get; } = [];

        public Dictionary<string, string> CommitOf { get; } = [];

        public static string ScreenshotPath(string name) => Path.Combine(AppContext.BaseDirectory, "ui-screenshots", name + ".png");

        /// <summary>The DOM of a view of the running UI; with a name, a screenshot of it too.</summary>
        public string Page(string fragment, string? screenshot)
        {
            if (screenshot is not null)
            {
                HeadlessChromium.Screenshot(Sandbox, Url + fragment, ScreenshotPath(screenshot));
            }
            return HeadlessChromium.DumpUrl(Sandbox, Url + fragment);
        }

        private void Ml(params string[] args) => Sandbox.GitMl(Repo, args).EnsureSuccess(string.Join(' ', args));

        /// <summary>50 runs, 10 on each commit, through MLflow's REST API as a training script would log them.</summary>
        private async Task LogRuns(List<string> commits)
        {
            using var http = new HttpClient { BaseAddress = new Uri(Url) };
            string experiment = (await Post(http, "experiments/create", """{"name": "churn"}""")).GetProperty("experiment_id").GetString()!;
            for (int k = 0; k < 50; k++)
            {
                string commit = commits[k / 10];
                string name = k == 13 ? "<img src=x onerror=alert(1)>" : $"run-{k:00}";
                string tags = JsonSerializer.Serialize(new[] { new { key = "mlflow.source.git.commit", value = commit } });
                var info = (await Post(http, "runs/create", $$"""{"experiment_id": "{{experiment}}", "start_time": {{1767225600000 + (k * 60_000)}}, "run_name": {{JsonSerializer.Serialize(name)}}, "tags": {{tags}}}"""))
                    .GetProperty("run").GetProperty("info");
                string id = info.GetProperty("run_id").GetString()!;
                double accuracy = ((k * 37) % 50) / 50.0;
                string model = k % 3 == 0 ? "xgb" : "rf";
                var metrics = new StringBuilder();
                for (int step = 0; step < Steps; step++)
                {
                    string loss = (1.0 / (step + 1 + k)).ToString("R", CultureInfo.InvariantCulture);
                    metrics.Append(CultureInfo.InvariantCulture, $$"""{"key": "loss", "value": {{loss}}, "timestamp": {{1767225600000 + (step * 1000)}}, "step": {{step}}},""");
                }
                metrics.Append(CultureInfo.InvariantCulture, $$"""{"key": "accuracy", "value": {{accuracy.ToString("R", CultureInfo.InvariantCulture)}}, "timestamp": 1767225700000, "step": 0}""");
                await Post(http, "runs/log-batch", $$"""
                    {"run_id": "{{id}}", "metrics": [{{metrics}}],
                     "params": [{"key": "lr", "value": "{{0.001 * (k + 1)}}"}, {"key": "model", "value": "{{model}}"}, {"key": "layers", "value": "{{(k % 4) + 1}}"}]}
                    """);
                await Post(http, "runs/update", $$"""{"run_id": "{{id}}", "status": "FINISHED", "end_time": {{1767225600000 + (k * 60_000) + 30_000}}}""");
                RunIds.Add(id);
                Accuracy[id] = accuracy;
                Model[id] = model;
                CommitOf[id] = commit;
            }
        }

        private static async Task<JsonElement> Post(HttpClient http, string path, string body)
        {
            using var response = await http.PostAsync("/api/2.0/mlflow/" + path, new StringContent(body, Encoding.UTF8, "application/json"));
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        /// <summary>Three models; churn-rf v2 in Production as champion, v1 in Staging as challenger.</summary>
        private void RegisterModels()
        {
            foreach (string model in (string[])["churn-rf", "churn-xgb", "fraud-net"])
            {
                for (int v = 1; v <= 2; v++)
                {
                    File.WriteAllText(Path.Combine(Repo, "model.bin"), $"{model} {v}\n");
                    Ml("model", "register", model, "model.bin", "-m", $"version {v}");
                }
            }
            Ml("model", "promote", "churn-rf", "2", "--stage", "Production", "--alias", "champion");
            Ml("model", "promote", "churn-rf", "1", "--stage", "Staging", "--alias", "challenger");
            Ml("model", "promote", "fraud-net", "1", "--stage", "Archived");
        }

        public void Dispose()
        {
            _ui.Dispose();
            Sandbox.Dispose();
        }
    }
}
