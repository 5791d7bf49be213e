using GitMl.Core;
using GitMl.Server.Http;
using GitMl.Server.Json;
using GitMl.Server.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace GitMl.Server.Artifacts;

/// <summary>
/// MLflow's artifact proxy (mlflow_artifacts.proto) over git-ml's store: <c>PUT .../artifacts/PATH</c> streams an
/// upload into the store (hashed while written, published by atomic rename) and records it on its run or logged
/// model; <c>GET .../artifacts/PATH</c> streams it back, verified; <c>GET .../artifacts?path=DIR</c> lists one level.
/// Also the tracking API's <c>artifacts/list</c> for a run.
/// </summary>
public static class ArtifactEndpoints
{
    private static readonly string[] Prefixes = ["/api/2.0/mlflow-artifacts/artifacts", "/ajax-api/2.0/mlflow-artifacts/artifacts"];

    public static void Map(WebApplication app, ApiRoutes routes, MlRepository repo, TrackingService tracking, ArtifactResolver resolver, long maxArtifactBytes)
    {
        foreach (string prefix in Prefixes)
        {
            app.MapMethods(prefix + "/{**path}", ["PUT", "POST"], (RequestDelegate)(context => Guard(context, () => Upload(context, prefix, repo, resolver, maxArtifactBytes))));
            app.MapMethods(prefix + "/{**path}", ["GET"], (RequestDelegate)(context => Guard(context, () => Download(context, prefix, repo, resolver))));
            app.MapMethods(prefix + "/{**path}", ["DELETE"], (RequestDelegate)(context => Guard(context, () => throw MlflowException.InvalidParameter(
                "git-ml keeps artifacts: a run's outputs are part of its record in Git and a registered version's bytes are immutable; nothing was deleted"))));
            app.MapMethods(prefix, ["GET"], (RequestDelegate)(context => Guard(context, () => List(context, resolver))));
        }
        routes.Get("artifacts/list", (f, _) =>
        {
            string runId = TrackingEndpoints.RunIdOf(f);
            var run = tracking.GetRun(runId);
            var location = resolver.Resolve(ArtifactPath.Of([run.ExperimentId, run.Record.Id.Hex, "artifacts"]))
                ?? throw MlflowException.NotFound($"Run with id={runId} not found");
            var directory = ArtifactPath.Parse(f.String("path"));
            var files = ArtifactTree.List(location.Root.Files(), directory)
                .Select(e => e with { Path = directory.IsRoot ? e.Path : directory.Text + "/" + e.Path })
                .ToList();
            return ApiResult.Json(new ListArtifactsResponse(location.Root.Uri, files.Count == 0 ? null : files), ServerJsonContext.Default.ListArtifactsResponse);
        });
    }

    private static async Task Guard(HttpContext context, Func<Task> body)
    {
        try
        {
            await body();
        }
#pragma warning disable CA1031 // Every failure is answered as MLflow answers errors.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await ApiRoutes.Fail(context, e);
        }
    }

    private static Task Guard(HttpContext context, Action body) => Guard(context, () =>
    {
        body();
        return Task.CompletedTask;
    });

    private static ArtifactPath PathOf(HttpContext context, string prefix) =>
        ArtifactPath.Parse(context.Request.Path.Value![prefix.Length..].TrimStart('/'));

    private static async Task Upload(HttpContext context, string prefix, MlRepository repo, ArtifactResolver resolver, long maxArtifactBytes)
    {
        var path = PathOf(context, prefix);
        var location = resolver.Resolve(path)
            ?? throw MlflowException.InvalidParameter($"'{path}' is not under the artifact root of a run or logged model this server knows (runs: EXPERIMENT/RUN_ID/artifacts/..., logged models: EXPERIMENT/models/MODEL_ID/artifacts/...)");
        if (location.Rest.IsRoot)
        {
            throw MlflowException.InvalidParameter($"'{path}' names an artifact root, not a file under it");
        }
        if (context.Request.ContentLength > maxArtifactBytes)
        {
            throw MlflowException.InvalidParameter($"the artifact is larger than this server accepts ({maxArtifactBytes} bytes, setting ml.serve.maxArtifactSize); nothing was stored");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxArtifactBytes;
        }
        // The store reads its input synchronously while hashing; this request's thread is given to it.
        if (context.Features.Get<IHttpBodyControlFeature>() is { } control)
        {
            control.AllowSynchronousIO = true;
        }
        var stored = repo.Store.Add(new BoundedReadStream(context.Request.Body, maxArtifactBytes));
        location.Root.Add(new ArtifactFile(location.Rest.Text, stored.Oid, stored.Size));
        await ApiResult.Empty.Write(context.Response);
    }

    private static async Task Download(HttpContext context, string prefix, MlRepository repo, ArtifactResolver resolver)
    {
        var path = PathOf(context, prefix);
        var location = resolver.Resolve(path) ?? throw MlflowException.NotFound($"No artifact at '{path}'");
        var file = ArtifactTree.Find(location.Root.Files(), location.Rest) ?? throw MlflowException.NotFound($"No artifact file at '{path}' (a directory is listed, not downloaded)");
        await using var content = repo.Store.OpenRead(file.Oid);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Size;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(path.Name);
        context.Response.Headers.ContentDisposition = disposition.ToString();
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await content.CopyToAsync(context.Response.Body, 1 << 20, context.RequestAborted);
    }

    private static async Task List(HttpContext context, ArtifactResolver resolver)
    {
        var path = ArtifactPath.Parse(context.Request.Query["path"].FirstOrDefault());
        var location = resolver.Resolve(path);
        var files = location is null ? [] : ArtifactTree.List(location.Root.Files(), location.Rest);
        await ApiResult.Json(new ListArtifactsResponse(null, files.Count == 0 ? null : files), ServerJsonContext.Default.ListArtifactsResponse).Write(context.Response);
    }
}
