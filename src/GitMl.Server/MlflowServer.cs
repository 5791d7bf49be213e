using GitMl.Core;
using GitMl.Core.Remotes;
using GitMl.Server.Artifacts;
using GitMl.Server.Http;
using GitMl.Server.LoggedModels;
using GitMl.Server.Registry;
using GitMl.Server.Tracking;
using GitMl.Server.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitMl.Server;

/// <summary>
/// `git ml serve`: MLflow's REST API over one repository (docs/mlflow.md). Built on Kestrel with the slim builder and
/// plain request delegates; everything it writes goes through git-ml's own run notes, store and registry, plus the
/// small state files of <see cref="ServerPaths"/>.
/// </summary>
public sealed class MlflowServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TrackingService _tracking;

    private MlflowServer(WebApplication app, TrackingService tracking, IReadOnlyList<string> recovery)
    {
        _app = app;
        _tracking = tracking;
        Recovery = recovery;
    }

    /// <summary>What starting up found: runs in progress picked up, ended runs recorded, lines cut off.</summary>
    public IReadOnlyList<string> Recovery { get; }

    /// <summary>The address it listens on, once started (with the real port when asked for port 0).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <exception cref="ArgumentException">Unsafe or malformed options.</exception>
    /// <param name="blobStores">Opens data remotes (the UI says which objects the default remote has); null: never asked.</param>
    public static MlflowServer Create(MlRepository repo, ServeOptions options, IBlobStoreFactory? blobStores = null)
    {
        options.Validate();
        var paths = new ServerPaths(repo);
        Directory.CreateDirectory(paths.Root);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = paths.Root });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBytes, options.MaxArtifactBytes);
            kestrel.Listen(options.Address, options.Port);
        });
        var app = builder.Build();

        var experiments = new ExperimentStore(paths);
        var tracking = new TrackingService(repo, paths, experiments, options.GitMlVersion);
        var recovery = tracking.Recover();

        if (options.Token is { } token)
        {
            var authentication = new BearerAuthentication(token);
            app.Use(authentication.Invoke);
        }
        app.MapGet("/health", (RequestDelegate)(context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("OK");
        }));
        var routes = new ApiRoutes(app, options.MaxRequestBytes);
        var loggedModels = new LoggedModelStore(paths);
        RegistryService? registry = null;
        var artifacts = new ArtifactResolver(tracking, loggedModels.Root, (name, version) => registry!.Root(name, version));
        registry = new RegistryService(repo, new RegistryMetadata(paths), tracking, loggedModels, artifacts);
        TrackingEndpoints.Map(routes, tracking);
        ArtifactEndpoints.Map(app, routes, repo, tracking, artifacts, options.MaxArtifactBytes);
        RegistryEndpoints.Map(routes, registry);
        LoggedModelEndpoints.Map(routes, loggedModels, tracking, registry.Metadata.Registrations);
        UiEndpoints.Map(app, repo, tracking, options.GitMlVersion, blobStores);
        UiAssets.Map(app);
        app.MapFallback((RequestDelegate)(context => ErrorResponses.Write(context, new MlflowException(ErrorCodes.EndpointNotFound,
            $"{context.Request.Method} {context.Request.Path} is not an endpoint of this server (git-ml serves MLflow's tracking, artifact and registry API: docs/mlflow.md)"))));
        return new MlflowServer(app, tracking, recovery);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _tracking.Dispose();
    }
}
