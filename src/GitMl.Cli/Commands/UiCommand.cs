using System.CommandLine;
using System.Diagnostics;
using GitMl.Core;
using GitMl.Server;
using GitMl.Server.Ui;

namespace GitMl.Cli.Commands;

/// <summary>`git ml ui`: the web UI over this repository, served by `git ml serve`'s server on loopback (docs/ui.md).</summary>
public static class UiCommand
{
    public static Command Create(CliContext cli)
    {
        var port = new Option<int>("--port", "-p") { Description = "TCP port (default 0: a free one; the URL is printed).", DefaultValueFactory = _ => 0 };
        var noOpen = new Option<bool>("--no-open") { Description = "Print the URL without opening a browser." };
        var json = new Option<bool>("--json") { Description = "Print {\"url\": ...} (or the export's summary) as JSON on stdout." };
        var export = new Option<string?>("--export") { Description = "Write the UI with its data into this folder as static files (opens from file://) instead of serving." };
        var revisions = new Option<string[]>("--rev") { Description = "With --export: only the runs of these commits (the first two also choose the pipeline plots' revisions).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("ui",
            "Browse runs, metrics, models and the pipeline in a web browser.\n\n" +
            "Starts the server of `git ml serve` on 127.0.0.1 (MLflow's REST API, so MLflow clients can log to it too),\n" +
            "prints its URL and opens it. Pages: Runs (sort, filter with the search grammar, choose columns, select),\n" +
            "Run, Compare (metric curves of 2 to 20 runs, params diff), Models (stages, aliases) and Pipeline (stale\n" +
            "stages and why, plots). The URL holds the view, so a link shows the same thing. With --export, writes the\n" +
            "same pages and their data as static files: a CI artifact or a GitHub Pages site.\n\n" +
            "Examples:\n  git ml ui\n  git ml ui --port 8080 --no-open\n  git ml ui --export site --rev main")
        {
            port, noOpen, json, export, revisions,
        };
        // The published git-ml hands the verb to git-ml-server, which has the server in it (ServerExecutable says why).
        command.SetAction((r, cancellation) => !ServerExecutable.InProcess
            ? Task.FromResult(ServerExecutable.HandOver(cli, "ui"))
            : CommandRunner.RunAsync(cli, async () =>
        {
            var repo = cli.Repository;
            var options = new ServeOptions(ServeOptions.DefaultHost, r.GetValue(port), null, false,
                repo.Settings.ServeMaxRequestSize, repo.Settings.ServeMaxArtifactSize, VersionCommand.Version);
            string[] revs = r.GetValue(revisions) ?? [];
            if (r.GetValue(export) is { } folder)
            {
                string dir = cli.FullPath(folder);
                int runs = await UiExport.Write(repo, dir, revs, options, cancellation);
                string index = new Uri(Path.Combine(dir, "index.html")).AbsoluteUri;
                cli.Out.WriteLine(r.GetValue(json)
                    ? new System.Text.Json.Nodes.JsonObject { ["index"] = index, ["runs"] = runs }.ToJsonString()
                    : $"Wrote the UI with {runs} run(s) to {index}");
                return ExitCodes.Success;
            }
            if (revs.Length > 0)
            {
                throw new ArgumentException("--rev goes with --export (the live UI shows every run; filter them on the Runs page)");
            }
            await using var server = MlflowServer.Create(repo, options, cli.BlobStores());
            foreach (string line in server.Recovery)
            {
                cli.Error.WriteLine($"git-ml ui: {line}");
            }
            await server.StartAsync(cancellation);
            string url = server.Address.ToString();
            cli.Out.WriteLine(r.GetValue(json) ? new System.Text.Json.Nodes.JsonObject { ["url"] = url }.ToJsonString() : $"git-ml ui: {url}");
            cli.Out.Flush();
            cli.Error.WriteLine("git-ml ui: serving the UI and MLflow's API on loopback only; Ctrl-C stops");
            if (!r.GetValue(noOpen))
            {
                OpenBrowser(cli, url);
            }
            await server.WaitForShutdownAsync(cancellation);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>xdg-open (open on macOS); when there is none, the printed URL is enough.</summary>
    private static void OpenBrowser(CliContext cli, string url)
    {
        string opener = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        try
        {
            var start = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(url);
            using var process = Process.Start(start);
        }
#pragma warning disable CA1031 // No browser opener is not an error: the URL is printed.
        catch (Exception)
#pragma warning restore CA1031
        {
            cli.Error.WriteLine($"git-ml ui: could not start {opener}; open {url} in a browser");
        }
    }
}
