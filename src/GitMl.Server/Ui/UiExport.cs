using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Git;

namespace GitMl.Server.Ui;

/// <summary>
/// `git ml ui --export DIR`: the UI as static files with its data written into ui/data.js (a script that sets
/// <c>globalThis.GITML_EXPORT</c>), so the pages open from file:// or any static host with no server and no fetch.
/// The data is what the running server answers, asked for over HTTP on loopback: one data path for both.
/// Writes only these files inside DIR, and refuses a DIR that holds anything but a previous export.
/// </summary>
public static class UiExport
{
    public const string Marker = ".git-ml-ui-export";
    private const int MaxPoints = 2_000;

    /// <param name="revisions">Keep only the runs of these commits; every run when empty.</param>
    /// <returns>How many runs were written.</returns>
    /// <exception cref="ArgumentException">DIR holds something else, or a revision is unknown.</exception>
    public static async Task<int> Write(MlRepository repo, string directory, IReadOnlyList<string> revisions, ServeOptions options, CancellationToken cancellation)
    {
        string dir = Path.GetFullPath(directory);
        CheckTarget(dir);
        var commits = revisions.Select(r => ResolveCommit(repo, r)).ToHashSet(StringComparer.Ordinal);

        await using var server = MlflowServer.Create(repo, options with { Host = ServeOptions.DefaultHost, Port = 0, Token = null });
        await server.StartAsync(cancellation);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        var data = await Collect(http, commits, revisions, cancellation);
        int count = data["runs"]!.AsArray().Count;

        Directory.CreateDirectory(dir);
        string ui = Path.Combine(dir, "ui");
        Directory.CreateDirectory(ui);
        RefuseLink(ui);
        foreach (string file in UiAssets.Files)
        {
            using var content = UiAssets.Open(file);
            using var reader = new StreamReader(content, Encoding.UTF8);
            string text = reader.ReadToEnd();
            if (file == "index.html")
            {
                text = text.Replace("<!--export-data-->", "<script src=\"ui/data.js\"></script>", StringComparison.Ordinal);
                WriteFile(Path.Combine(dir, file), text);
            }
            else
            {
                WriteFile(Path.Combine(ui, file), text);
            }
        }
        // JsonNode's writer escapes <, >, & and non-ASCII, so the data cannot end the script or be read as markup.
        WriteFile(Path.Combine(ui, "data.js"), "globalThis.GITML_EXPORT = " + data.ToJsonString() + ";\n");
        WriteFile(Path.Combine(dir, Marker), "Written by `git ml ui --export`; the next export may replace this folder's files.\n");
        return count;
    }

    /// <summary>A new or empty folder, or one a previous export wrote (it has the marker file); never a symbolic link.</summary>
    private static void CheckTarget(string dir)
    {
        if (File.Exists(dir))
        {
            throw new ArgumentException($"{dir} is a file: give a folder for the export");
        }
        if (!Directory.Exists(dir))
        {
            return;
        }
        RefuseLink(dir);
        if (Directory.EnumerateFileSystemEntries(dir).Any() && !File.Exists(Path.Combine(dir, Marker)))
        {
            throw new ArgumentException($"{dir} is not empty and was not written by git ml ui --export: give a new or empty folder");
        }
    }

    private static void RefuseLink(string path)
    {
        if (new DirectoryInfo(path).LinkTarget is not null)
        {
            throw new ArgumentException($"{path} is a symbolic link: give a real folder for the export");
        }
    }

    private static void WriteFile(string path, string text)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path); // replace the link itself, never write through it
        }
        AtomicFile.WriteAllText(path, text);
    }

    private static string ResolveCommit(MlRepository repo, string revision)
    {
        return GitRefs.ResolveCommit(repo.Git, revision)
            ?? throw new ArgumentException($"--rev {revision}: git knows no commit by that name (git log --oneline lists them)");
    }

    private static async Task<JsonObject> Collect(HttpClient http, HashSet<string> commits, IReadOnlyList<string> revisions, CancellationToken cancellation)
    {
        var info = (await Get(http, "ajax-api/git-ml/info", cancellation)).AsObject();
        info["exported"] = true;
        info["exported_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var commitMap = (await Get(http, "ajax-api/git-ml/runs", cancellation))["runs"]!.AsObject();

        var experiments = await Post(http, "ajax-api/2.0/mlflow/experiments/search", new JsonObject { ["max_results"] = 1000, ["view_type"] = "ALL" }, cancellation);
        var ids = new JsonArray([.. (experiments["experiments"]?.AsArray() ?? []).Select(e => (JsonNode?)(string?)e!["experiment_id"])]);
        var runs = new JsonArray();
        string? token = null;
        do
        {
            var body = new JsonObject { ["experiment_ids"] = ids.DeepClone(), ["max_results"] = 50_000 };
            if (token is not null)
            {
                body["page_token"] = token;
            }
            var page = await Post(http, "ajax-api/2.0/mlflow/runs/search", body, cancellation);
            foreach (var run in page["runs"]?.AsArray() ?? [])
            {
                string id = (string)run!["info"]!["run_id"]!;
                if (commits.Count == 0 || (commitMap[id]?["commit"] is { } c && commits.Contains((string)c!)))
                {
                    runs.Add(run.DeepClone());
                }
            }
            token = (string?)page["next_page_token"];
        }
        while (!string.IsNullOrEmpty(token));

        var kept = new JsonObject();
        var contexts = new JsonObject();
        var histories = new JsonObject();
        foreach (var run in runs)
        {
            string id = (string)run!["info"]!["run_id"]!;
            kept[id] = commitMap[id]?.DeepClone();
            contexts[id] = await Get(http, $"ajax-api/git-ml/run-context?run_id={Uri.EscapeDataString(id)}&remote=0", cancellation);
            foreach (var metric in run["data"]?["metrics"]?.AsArray() ?? [])
            {
                string key = (string)metric!["key"]!;
                histories[id + "\0" + key] = await Get(http,
                    $"ajax-api/git-ml/metric-history?run_id={Uri.EscapeDataString(id)}&metric_key={Uri.EscapeDataString(key)}&max_points={MaxPoints}", cancellation);
            }
        }
        var models = await Get(http, "ajax-api/2.0/mlflow/registered-models/search?max_results=1000", cancellation);
        var versions = await Get(http, "ajax-api/2.0/mlflow/model-versions/search?max_results=10000", cancellation);
        string a = revisions.Count > 0 ? revisions[0] : "HEAD";
        string b = revisions.Count > 1 ? revisions[1] : "workspace";
        var pipeline = await Get(http, $"ajax-api/git-ml/pipeline?a={Uri.EscapeDataString(a)}&b={Uri.EscapeDataString(b)}", cancellation);
        var valuesDiff = await Get(http, $"ajax-api/git-ml/values-diff?a={Uri.EscapeDataString(a)}&b={Uri.EscapeDataString(b)}", cancellation);
        var registry = await Get(http, "ajax-api/git-ml/registry?remote=0", cancellation);
        return new JsonObject
        {
            ["info"] = info,
            ["runs"] = runs,
            ["commits"] = kept,
            ["contexts"] = contexts,
            ["histories"] = histories,
            ["models"] = models["registered_models"]?.DeepClone() ?? new JsonArray(),
            ["versions"] = versions["model_versions"]?.DeepClone() ?? new JsonArray(),
            ["pipeline"] = pipeline,
            ["values_diff"] = valuesDiff,
            ["registry"] = registry,
        };
    }

    private static async Task<JsonNode> Get(HttpClient http, string path, CancellationToken cancellation) =>
        await Answer(await http.GetAsync(path, cancellation), path, cancellation);

    private static async Task<JsonNode> Post(HttpClient http, string path, JsonObject body, CancellationToken cancellation)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await Answer(await http.PostAsync(path, content, cancellation), path, cancellation);
    }

    private static async Task<JsonNode> Answer(HttpResponseMessage response, string path, CancellationToken cancellation)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(cancellation);
            var json = JsonNode.Parse(text);
            if (!response.IsSuccessStatusCode || json is null)
            {
                throw new IOException($"the export's request {path} failed: {(string?)json?["message"] ?? text}");
            }
            return json;
        }
    }
}
