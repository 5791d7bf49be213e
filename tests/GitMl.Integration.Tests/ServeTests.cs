using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml serve` as users run it: the published binary (NativeAOT) in a real repository, spoken to over HTTP the way
/// MLflow's REST documentation and Python client do; then the same runs and models through git-ml's own verbs once
/// the server has stopped, and a server killed mid-run picked up by the next one.
/// </summary>
public sealed partial class ServeTests : IDisposable
{
    private const string Api = "/api/2.0/mlflow/";
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts/";
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public ServeTests()
    {
        _repo = _sandbox.CreateRepository();
        File.WriteAllText(Path.Combine(_repo, "train.py"), "print('train')\n");
        _sandbox.Git(_repo, "add", "train.py").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "training code").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task The_seed_workflow_through_the_server_is_found_by_runs_search_and_model_get_after_it_stopped()
    {
        string commit = _sandbox.Git(_repo, "rev-parse", "HEAD").Stdout.Trim();
        byte[] pickle = RandomNumberGenerator.GetBytes(400_000);
        byte[] mlmodel = "artifact_path: model\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n"u8.ToArray();
        await using (var server = await Server.Start(_sandbox, _repo))
        {
            var http = server.Client;
            Assert.Equal("OK", await http.GetStringAsync("/health"));
            string experiment = (await Post(http, "experiments/create", """{"name": "customer-churn-prediction"}""")).GetProperty("experiment_id").GetString()!;
            var info = (await Post(http, "runs/create", $$"""
                {"experiment_id": "{{experiment}}", "start_time": 1767225600000, "run_name": "rf-default",
                 "tags": [{"key": "mlflow.source.git.commit", "value": "{{commit}}"}, {"key": "mlflow.user", "value": "alice"},
                          {"key": "mlflow.source.name", "value": "src/train_with_mlflow.py"}, {"key": "mlflow.note.content", "value": "Random Forest with default params"}]}
                """)).GetProperty("run").GetProperty("info");
            string runId = info.GetProperty("run_id").GetString()!;
            string artifactUri = info.GetProperty("artifact_uri").GetString()!;
            Assert.StartsWith("mlflow-artifacts:/", artifactUri, StringComparison.Ordinal);
            await Post(http, "runs/log-batch", $$"""{"run_id": "{{runId}}", "params": [{"key": "n_estimators", "value": "100"}, {"key": "max_depth", "value": "10"}]}""");
            for (int step = 0; step < 50; step++)
            {
                string loss = (1.0 / (step + 1)).ToString("R", CultureInfo.InvariantCulture);
                await Post(http, "runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "train_loss", "value": {{loss}}, "timestamp": {{1767225600000 + step}}, "step": {{step}}}""");
            }
            await Post(http, "runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "test_accuracy", "value": 0.94, "timestamp": 1767225700000, "step": 0}""");
            string root = artifactUri["mlflow-artifacts:/".Length..];
            await Put(http, $"{Proxy}{root}/model/model.pkl", pickle);
            await Put(http, $"{Proxy}{root}/model/MLmodel", mlmodel);
            await Put(http, $"{Proxy}{root}/metrics/final_metrics.json", "{\"accuracy\": 0.94}"u8.ToArray());
            await Post(http, "runs/update", $$"""{"run_id": "{{runId}}", "status": "FINISHED", "end_time": 1767225800000}""");

            await Post(http, "registered-models/create", """{"name": "customer-churn-rf"}""");
            var version = (await Post(http, "model-versions/create", $$"""{"name": "customer-churn-rf", "source": "{{artifactUri}}/model", "run_id": "{{runId}}"}""")).GetProperty("model_version");
            Assert.Equal("READY", version.GetProperty("status").GetString());
            await Post(http, "model-versions/transition-stage", """{"name": "customer-churn-rf", "version": "1", "stage": "Staging", "archive_existing_versions": false}""");
            await Post(http, "model-versions/transition-stage", """{"name": "customer-churn-rf", "version": "1", "stage": "Production", "archive_existing_versions": true}""");
            var latest = (await Post(http, "registered-models/get-latest-versions", """{"name": "customer-churn-rf", "stages": ["Production"]}""")).GetProperty("model_versions");
            Assert.Equal("1", Assert.Single(latest.EnumerateArray()).GetProperty("version").GetString());

            // models:/customer-churn-rf/Production, as MLflow's client downloads it: get-download-uri, list, GET each file.
            string download = JsonDocument.Parse(await http.GetStringAsync($"{Api}model-versions/get-download-uri?name=customer-churn-rf&version=1"))
                .RootElement.GetProperty("artifact_uri").GetString()!;
            string versionRoot = download["mlflow-artifacts:/".Length..];
            var listed = JsonDocument.Parse(await http.GetStringAsync($"{Proxy.TrimEnd('/')}?path={Uri.EscapeDataString(versionRoot)}")).RootElement.GetProperty("files");
            Assert.Equal(["MLmodel", "model.pkl"], listed.EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
            Assert.Equal(pickle, await http.GetByteArrayAsync($"{Proxy}{versionRoot}/model.pkl"));
            Assert.Equal(mlmodel, await http.GetByteArrayAsync($"{Proxy}{versionRoot}/MLmodel"));
        }

        var found = JsonDocument.Parse(_sandbox.GitMl(_repo, "runs", "search", "metrics.test_accuracy > 0.9 and params.n_estimators = '100'", "--json")
            .EnsureSuccess("runs search").Stdout).RootElement;
        var run = Assert.Single(found.EnumerateArray());
        Assert.Equal("rf-default", run.GetProperty("name").GetString());
        Assert.Equal(commit, run.GetProperty("commit").GetString());
        _sandbox.GitMl(_repo, "model", "get", "models:/customer-churn-rf/Production", "-o", "serving").EnsureSuccess("model get");
        Assert.Equal(pickle, File.ReadAllBytes(Path.Combine(_repo, "serving", "model.pkl")));
        Assert.Equal(mlmodel, File.ReadAllBytes(Path.Combine(_repo, "serving", "MLmodel")));
        string notes = _sandbox.Git(_repo, "notes", "--ref=refs/notes/ml-runs", "show", commit).EnsureSuccess("notes show").Stdout;
        Assert.Contains("\"name\":\"rf-default\"", notes, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.Git(_repo, "rev-parse", "--verify", "-q", "refs/ml/registry").ExitCode);
    }

    [Fact]
    public async Task A_run_in_progress_outlives_a_killed_server_and_becomes_a_note_when_the_next_one_ends_it()
    {
        string runId;
        await using (var first = await Server.Start(_sandbox, _repo))
        {
            runId = (await Post(first.Client, "runs/create", """{"experiment_id": "0", "start_time": 1767225600000, "run_name": "long"}"""))
                .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
            var batch = string.Join(", ", Enumerable.Range(0, 500).Select(s => $$"""{"key": "loss", "value": {{s}}, "timestamp": {{s}}, "step": {{s}}}"""));
            await Post(first.Client, "runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{{batch}}]}""");
            first.Kill();
        }
        Assert.Equal("", _sandbox.GitMl(_repo, "runs", "list", "--json").Stdout.Trim().Trim('[', ']').Trim());

        await using (var second = await Server.Start(_sandbox, _repo))
        {
            Assert.Contains("still in progress", second.StartupOutput, StringComparison.Ordinal);
            await Post(second.Client, "runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": 500, "timestamp": 500, "step": 500}""");
            await Post(second.Client, "runs/update", $$"""{"run_id": "{{runId}}", "status": "FINISHED"}""");
            var history = JsonDocument.Parse(await second.Client.GetStringAsync($"{Api}metrics/get-history?run_id={runId}&metric_key=loss")).RootElement.GetProperty("metrics");
            Assert.Equal(501, history.GetArrayLength());
        }
        var shown = JsonDocument.Parse(_sandbox.GitMl(_repo, "runs", "show", runId[..8], "--json").EnsureSuccess("runs show").Stdout).RootElement;
        Assert.Equal("long", shown.GetProperty("name").GetString());
    }

    [Fact]
    public void A_non_loopback_address_without_a_token_is_refused_before_anything_listens()
    {
        var result = _sandbox.GitMl(_repo, "serve", "--host", "0.0.0.0", "--port", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--token", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// git starts git-ml for every hook and filter session, and a NativeAOT program pays at start for everything linked
    /// into it: the published git-ml has no ASP.NET Core in it, and hands `serve` to git-ml-server beside it.
    /// </summary>
    [Fact]
    public void The_published_git_ml_leaves_the_server_to_git_ml_server_and_says_what_to_do_without_it()
    {
        string bin = GitMlBinary.Directory;
        if (File.Exists(Path.Combine(bin, "git-ml.dll")))
        {
            return; // the ReadyToRun build (no native toolchain) is one program whose assemblies load only when used
        }
        string server = Path.Combine(bin, "git-ml-server");
        Assert.True(File.Exists(server), $"{server} is missing");
        byte[] kestrel = "Microsoft.AspNetCore.Server.Kestrel"u8.ToArray();
        Assert.True(File.ReadAllBytes(server).AsSpan().IndexOf(kestrel) >= 0, "the probe must find Kestrel where it is");
        Assert.True(File.ReadAllBytes(Path.Combine(bin, "git-ml")).AsSpan().IndexOf(kestrel) < 0, "git-ml has the server linked in");

        string alone = Directory.CreateDirectory(_sandbox.PathOf("git-ml-alone")).FullName;
        File.Copy(Path.Combine(bin, "git-ml"), Path.Combine(alone, "git-ml"));
        File.SetUnixFileMode(Path.Combine(alone, "git-ml"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var result = _sandbox.Run(Path.Combine(alone, "git-ml"), ["serve", "--port", "0"], _repo);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("git-ml-server", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("install/install.sh", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_a_request_without_the_bearer_gets_401_and_the_size_setting_bounds_bodies()
    {
        const string token = "0123456789abcdef0123456789abcdef";
        _sandbox.Git(_repo, "config", "ml.serve.maxRequestSize", "2k").EnsureSuccess("config");
        await using var server = await Server.Start(_sandbox, _repo, "--token", token);
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        Assert.Equal("OK", await anonymous.GetStringAsync("/health"));
        using (var refused = await anonymous.GetAsync($"{Api}experiments/get?experiment_id=0"))
        {
            Assert.Equal(401, (int)refused.StatusCode);
            Assert.Contains("UNAUTHENTICATED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        server.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await Post(server.Client, "experiments/create", """{"name": "small"}""");
        using var big = new StringContent($$"""{"name": "{{new string('x', 4096)}}"}""", Encoding.UTF8, "application/json");
        using var tooLarge = await server.Client.PostAsync(Api + "experiments/create", big);
        Assert.Equal(400, (int)tooLarge.StatusCode);
        var error = JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("INVALID_PARAMETER_VALUE", error.GetProperty("error_code").GetString());
        Assert.Contains("ml.serve.maxRequestSize", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The refused body was not read, so the server closed that connection; a client's next request opens another.
        using var next = new HttpClient { BaseAddress = server.Client.BaseAddress };
        next.DefaultRequestHeaders.Authorization = server.Client.DefaultRequestHeaders.Authorization;
        var experiments = (await Post(next, "experiments/search", "{}")).GetProperty("experiments");
        Assert.Equal(["Default", "small"], experiments.EnumerateArray().Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    private static async Task<JsonElement> Post(HttpClient http, string endpoint, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(Api + endpoint, content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{endpoint}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task Put(HttpClient http, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        using var response = await http.PutAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A `git ml serve --port 0` process; its address is read from what it prints when it listens.</summary>
    private sealed partial class Server : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();

        private Server(Process process) => _process = process;

        public HttpClient Client { get; private set; } = null!;

        public string StartupOutput
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        public static async Task<Server> Start(Sandbox sandbox, string repo, params string[] options)
        {
            var process = sandbox.Start(Path.Combine(GitMlBinary.Directory, "git-ml"), ["serve", "--port", "0", .. options], repo);
            process.StandardInput.Close();
            var server = new Server(process);
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    listening.TrySetException(new InvalidOperationException($"git ml serve exited before listening:\n{server.StartupOutput}"));
                    return;
                }
                lock (server._stderr)
                {
                    server._stderr.AppendLine(e.Data);
                }
                if (Listening().Match(e.Data) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value));
                }
            };
            process.BeginErrorReadLine();
            _ = process.StandardOutput.ReadToEndAsync();
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
            return server;
        }

        /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        /// <summary>Stops it as Ctrl-C would (SIGINT), or finds it already killed.</summary>
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                _ = SendSignal(_process.Id, InterruptIgnored() ? 15 : 2);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
                Assert.Equal(0, _process.ExitCode);
            }
            _process.Dispose();
        }

        /// <summary>
        /// Whether this process was started with SIGINT ignored, as a shell does for `cmd &amp;` without job control
        /// (`nohup tests/run.sh &amp;`). The server inherits that and rightly ignores Ctrl-C then, so it is stopped by
        /// SIGTERM, which it handles the same way.
        /// </summary>
        private static bool InterruptIgnored()
        {
            string? ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return ignored is not null && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
        }

        [GeneratedRegex(@"MLFLOW_TRACKING_URI=(http://[^\s)]+)")]
        private static partial Regex Listening();

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SendSignal(int pid, int signal);
    }
}
