using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 15, driven with keys in a live chromium (<see cref="ChromiumSession"/>): a repository with a run that read
/// tracked data (one file approved, pushed to a directory data remote), wrote a model registered from it, and
/// 2,000 more runs in its notes, so the runs table is windowed (only the rows in view are in the DOM). Assertions read
/// the data the pages built; screenshots go to the test output folder (ui-screenshots/).
/// </summary>
public sealed class UiKeyboardTests : IClassFixture<UiKeyboardTests.Repository>
{
    private readonly Repository _fixture;

    public UiKeyboardTests(Repository fixture) => _fixture = fixture;

    [Fact]
    public void Arrow_keys_move_the_focused_row_space_selects_enter_opens_and_the_url_keeps_the_view()
    {
        using var browser = ChromiumSession.Open(_fixture.Sandbox, _fixture.Url + "#/runs?sort=metrics.acc&desc=1");
        browser.WaitUntil("document.querySelector('#runs-table')?.dataset.rows === '2001'");
        var order = _fixture.ExpectedOrderByAccuracy;
        int drawn = browser.Evaluate("document.querySelectorAll('#runs-table tbody tr[data-run-id]').length")!.GetValue<int>();
        Assert.InRange(drawn, 20, 200); // windowed: 2,001 runs, a screenful of rows (and some to spare) in the DOM

        browser.Evaluate("document.querySelector('#runs-table tbody tr[data-index=\"0\"]').focus()");
        foreach (string key in (string[])["ArrowDown", "ArrowDown", "j", "ArrowDown", "ArrowUp"])
        {
            browser.Press(key);
        }
        Assert.Equal(order[3], FocusedRun(browser));
        Assert.Contains($"focus={order[3]}", browser.Text("location.hash"), StringComparison.Ordinal);

        browser.Press(" ");
        browser.WaitUntil("document.querySelector('#compare-selected').textContent === 'Compare 1 selected'");
        Assert.Equal("true", browser.Text("document.activeElement.getAttribute('aria-selected')"));
        Assert.Contains($"sel={order[3]}", browser.Text("location.hash"), StringComparison.Ordinal);

        browser.Press("End");
        Assert.Equal(order[^1], FocusedRun(browser));
        Assert.True(browser.Evaluate("document.querySelector('#runs-wrap').scrollTop")!.GetValue<double>() > 1000);
        Assert.InRange(browser.Evaluate("document.querySelectorAll('#runs-table tbody tr[data-run-id]').length")!.GetValue<int>(), 20, 200);
        browser.Press("k");
        browser.Press("PageUp");
        int page = browser.Evaluate("Number(document.activeElement.dataset.index)")!.GetValue<int>();
        Assert.InRange(page, 1900, 1998);
        Assert.Equal(order[page], FocusedRun(browser));
        browser.Screenshot(UiTests.Repository.ScreenshotPath("keyboard-runs"));

        browser.Press("Enter");
        browser.WaitUntil($"location.hash === '#/run/{order[page]}' && document.querySelector('#run-name')");

        // Back to the table: the URL kept the sort, the selection and the focused row, which is drawn and focused again.
        browser.Evaluate("history.back()");
        browser.WaitUntil($"document.activeElement && document.activeElement.dataset.runId === '{order[page]}'");
        Assert.Equal("Compare 1 selected", browser.Text("document.querySelector('#compare-selected').textContent"));
        Assert.Equal("descending", browser.Text("document.querySelector('th[data-column=\"metrics.acc\"]').getAttribute('aria-sort')"));
    }

    [Fact]
    public void Run_page_shows_data_and_outputs_with_oids_approval_remote_presence_and_lineage()
    {
        using var browser = ChromiumSession.Open(_fixture.Sandbox, _fixture.Url + $"#/run/{_fixture.TrainedRun}");
        browser.WaitUntil("document.querySelector('#run-lineage')");
        browser.Screenshot(UiTests.Repository.ScreenshotPath("run-lineage"));

        var data = Rows(browser, "#data");
        Assert.Equal(["data/test.csv", "data/train.csv"], data.Select(r => r[0]).Order(StringComparer.Ordinal));
        var train = data.Single(r => r[0] == "data/train.csv");
        Assert.Equal(_fixture.TrainOid, browser.Text("[...document.querySelectorAll('#data tbody tr')].find(r => r.cells[0].textContent === 'data/train.csv').cells[1].firstChild.title"));
        Assert.Equal(["yes", "yes", "yes"], train[3..6]); // approved, here, on the remote
        var test = data.Single(r => r[0] == "data/test.csv");
        Assert.Equal(["no", "yes", "no"], test[3..6]); // not approved, here, never pushed
        Assert.Contains("On store", browser.Text("document.querySelector('#data thead').textContent"), StringComparison.Ordinal);
        var outputs = Rows(browser, "#outputs");
        Assert.Equal("models/model.bin", outputs.Single()[0]);
        Assert.Equal("yes", outputs.Single()[3]);
        Assert.Contains(outputs.Single()[4], (string[])["yes", "no"]); // asked (registering may have uploaded it)

        var nodes = Nodes(browser, "#run-lineage");
        Assert.Contains("data:data/train.csv", nodes);
        Assert.Contains($"run:{_fixture.TrainedRun}", nodes);
        Assert.Contains("model:churn/1", nodes);
        Assert.Contains(nodes, n => n.StartsWith("commit:", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_page_shows_the_audit_trail_and_the_lineage_from_version_to_run_commit_and_data()
    {
        using var browser = ChromiumSession.Open(_fixture.Sandbox, _fixture.Url + "#/models?model=churn&version=1");
        browser.WaitUntil("document.querySelector('#model-lineage')");
        browser.Screenshot(UiTests.Repository.ScreenshotPath("models-lineage"));

        var events = Rows(browser, "table.events[data-model=\"churn\"]");
        Assert.Equal(["promote", "register"], events.Select(e => e[2]));
        Assert.Equal("Production", events[0][5]);
        Assert.StartsWith("first model", events[1][6], StringComparison.Ordinal);

        var nodes = Nodes(browser, "#model-lineage");
        Assert.Equal(
            new[] { "data:data/test.csv", "data:data/train.csv", $"commit:{_fixture.TrainedCommit}", $"run:{_fixture.TrainedRun}", "model:churn/1" }.Order(StringComparer.Ordinal),
            nodes.Order(StringComparer.Ordinal));
        Assert.Equal(1, browser.Evaluate("document.querySelectorAll('#model-lineage path[data-from=\"run:" + _fixture.TrainedRun + "\"][data-to=\"model:churn/1\"]').length")!.GetValue<int>());
        var versionData = Rows(browser, "#version-data");
        Assert.Equal(["yes", "yes", "yes"], versionData.Single(r => r[0] == "data/train.csv")[3..6]);
        Assert.Equal("no", versionData.Single(r => r[0] == "data/test.csv")[3]);
        Assert.Contains(Rows(browser, "#version-values"), r => r[0] == "metrics.acc" && r[1] == "0.91");
    }

    private static string FocusedRun(ChromiumSession browser) => browser.Text("document.activeElement.dataset.runId ?? ''")!;

    private static List<string[]> Rows(ChromiumSession browser, string table) =>
        browser.Evaluate($"[...document.querySelectorAll('{table.Replace("'", "\\'", StringComparison.Ordinal)} tbody tr')].map(r => [...r.cells].map(c => c.textContent))")!
            .AsArray().Select(r => r!.AsArray().Select(c => (string)c!).ToArray()).ToList();

    private static List<string> Nodes(ChromiumSession browser, string svg) =>
        browser.Evaluate($"[...document.querySelectorAll('{svg} [data-node]')].map(n => n.dataset.node)")!.AsArray().Select(n => (string)n!).ToList();

    /// <summary>The repository these tests read (built once), with `git ml ui` serving it.</summary>
    public sealed class Repository : IDisposable
    {
        public const int SyntheticRuns = 2000;
        private readonly UiProcess _ui;

        public Repository()
        {
            Sandbox = new Sandbox();
            Repo = Sandbox.CreateRepository();
            Ml("init");
            Ml("track", "data/*.csv");
            Files.Write(Path.Combine(Repo, "params.yaml"), "lr: 0.01\n");
            Files.Write(Path.Combine(Repo, "train.sh"), "mkdir -p models && cat data/train.csv > models/model.bin\ngit ml log metric acc 0.91\ngit ml log artifact models/model.bin\n");
            Files.Write(Path.Combine(Repo, ".gitignore"), "models/\n");
            Files.Write(Path.Combine(Repo, "data", "train.csv"), "x,y\n1,2\n3,4\n");
            Commit("data and training");
            string first = Head();
            string store = Sandbox.PathOf("data-remote");
            Ml("remote", "add", "store", store, "--default");
            Ml("push");
            Ml("data", "approve", "data/train.csv", "-m", "reviewed");
            Files.Write(Path.Combine(Repo, "data", "test.csv"), "x,y\n5,6\n");
            Commit("approve the training data; add test data");
            TrainedCommit = Head();
            Ml("run", "--name", "first", "--", "sh", "train.sh");
            var runs = JsonDocument.Parse(Ml("runs", "list", "--json")).RootElement.EnumerateArray().ToList();
            TrainedRun = runs.Single().GetProperty("id").GetString()!;
            Ml("model", "register", "churn", "--run", TrainedRun, "-m", "first model");
            Ml("model", "promote", "churn", "1", "--stage", "Production", "-m", "ship it");
            TrainOid = JsonDocument.Parse(Ml("ls-files", "--json")).RootElement.EnumerateArray()
                .Single(f => f.GetProperty("path").GetString() == "data/train.csv").GetProperty("oid").GetString()!;
            WriteSyntheticRuns(first);

            _ui = UiProcess.Start(Sandbox, Repo);
        }

        public Sandbox Sandbox { get; }

        public string Repo { get; }

        public string Url => _ui.Url;

        public string TrainedRun { get; }

        public string TrainedCommit { get; }

        public string TrainOid { get; }

        /// <summary>Every run id, by the acc metric, highest first (ties by id, as no test depends on their order).</summary>
        public List<string> ExpectedOrderByAccuracy { get; } = [];

        private readonly Dictionary<string, double> _accuracy = [];

        /// <summary>
        /// 2,000 runs as note lines on the first commit (copies of the trained run with new ids, names and values), as
        /// bench/runs.py writes its 10,000: `git ml run` would take minutes for them.
        /// </summary>
        private void WriteSyntheticRuns(string commit)
        {
            string template = Sandbox.Git(Repo, "notes", "--ref", "ml-runs", "show", TrainedCommit).EnsureSuccess("notes show").Stdout.Split('\n')[0];
            _accuracy[TrainedRun] = 0.91;
            var lines = new List<string>();
            for (int i = 0; i < SyntheticRuns; i++)
            {
                var run = JsonNode.Parse(template)!.AsObject();
                string id = i.ToString("x32", CultureInfo.InvariantCulture);
                // Distinct values, none equal to 0.91, spread so that the order is known.
                double acc = Math.Round(((i * 7919) % SyntheticRuns) / (double)SyntheticRuns, 6) + 0.0000005;
                run["id"] = id;
                run["name"] = $"run-{i:0000}";
                run["commit"] = commit;
                run["data"] = new JsonArray();
                run["outputs"] = new JsonArray();
                run["metrics"] = new JsonObject
                {
                    ["acc"] = new JsonObject { ["count"] = 1, ["points"] = new JsonArray(new JsonArray(0, acc, 0)), ["step"] = 0, ["value"] = acc },
                };
                lines.Add(run.ToJsonString());
                _accuracy[id] = acc;
            }
            lines.Sort(StringComparer.Ordinal);
            string file = Sandbox.PathOf("synthetic-runs.jsonl");
            File.WriteAllText(file, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
            Sandbox.Git(Repo, "notes", "--ref", "ml-runs", "add", "-f", "-F", file, commit).EnsureSuccess("notes add");
            ExpectedOrderByAccuracy.AddRange(_accuracy.OrderByDescending(a => a.Value).Select(a => a.Key));
        }

        private string Ml(params string[] args) => Sandbox.GitMl(Repo, args).EnsureSuccess("git ml " + string.Join(' ', args)).Stdout;

        private void Commit(string message)
        {
            Sandbox.Git(Repo, "add", "-A").EnsureSuccess("add");
            Sandbox.Git(Repo, "commit", "-qm", message).EnsureSuccess("commit");
        }

        private string Head() => Sandbox.Git(Repo, "rev-parse", "HEAD").EnsureSuccess("rev-parse").Stdout.Trim();

        public void Dispose()
        {
            _ui.Dispose();
            Sandbox.Dispose();
        }
    }
}
