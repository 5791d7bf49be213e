using System.CommandLine;
using GitMl.Core;
using GitMl.Core.Settings;
using GitMl.Server;

namespace GitMl.Cli.Commands;

/// <summary>`git ml serve`: MLflow's REST API over this repository, so MLflow code runs unchanged (docs/mlflow.md).</summary>
public static class ServeCommand
{
    public const string TokenVariable = SettingKeys.ServeTokenEnvironment;

    public static Command Create(CliContext cli)
    {
        var port = new Option<int>("--port", "-p") { Description = "TCP port (default 5000; 0 picks a free one).", DefaultValueFactory = _ => ServeOptions.DefaultPort };
        var host = new Option<string>("--host", "-h") { Description = "Address to listen on (default 127.0.0.1; any other needs --token or --behind-auth-proxy).", DefaultValueFactory = _ => ServeOptions.DefaultHost };
        var token = new Option<string?>("--token") { Description = $"Bearer token every request must carry (clients: MLFLOW_TRACKING_TOKEN). Also read from {TokenVariable}." };
        var proxy = new Option<bool>("--behind-auth-proxy") { Description = "Listen on a non-loopback address without a token because a proxy in front authenticates every request." };
        var command = new Command("serve",
            "Serve MLflow's tracking, artifact and model registry REST API over this repository.\n\n" +
            "MLflow code runs unchanged: MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python train.py. Runs logged through it\n" +
            "are ordinary git-ml runs on the commit the client reports (git ml runs list/search), artifacts go to git-ml's\n" +
            "store through the artifact proxy, and the model registry is refs/ml/registry (git ml model ...). A run in\n" +
            "progress is journaled under .git/ml/server and survives a restart. Listens on 127.0.0.1 unless told otherwise.\n\n" +
            "Examples:\n  git ml serve\n  git ml serve --port 8080\n  GIT_ML_SERVE_TOKEN=$(openssl rand -hex 24) git ml serve --host 0.0.0.0")
        {
            port, host, token, proxy,
        };
        // The published git-ml hands the verb to git-ml-server, which has the server in it (ServerExecutable says why).
        command.SetAction((r, cancellation) => !ServerExecutable.InProcess
            ? Task.FromResult(ServerExecutable.HandOver(cli, "serve"))
            : CommandRunner.RunAsync(cli, async () =>
        {
            var repo = cli.Repository;
            var options = new ServeOptions(
                r.GetValue(host)!,
                r.GetValue(port),
                r.GetValue(token) ?? cli.Session.ServeToken,
                r.GetValue(proxy),
                repo.Settings.ServeMaxRequestSize,
                repo.Settings.ServeMaxArtifactSize,
                VersionCommand.Version);
            await using var server = MlflowServer.Create(repo, options, cli.BlobStores());
            foreach (string line in server.Recovery)
            {
                cli.Error.WriteLine($"git-ml serve: {line}");
            }
            await server.StartAsync(cancellation);
            cli.Error.WriteLine($"git-ml serve: MLflow API for {repo.WorkTree} on {server.Address} (MLFLOW_TRACKING_URI={server.Address.ToString().TrimEnd('/')}); Ctrl-C stops");
            await server.WaitForShutdownAsync(cancellation);
            return ExitCodes.Success;
        }));
        return command;
    }
}
