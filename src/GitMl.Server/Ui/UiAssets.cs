using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitMl.Server.Ui;

/// <summary>
/// The web UI's built files (ui/, bundled by esbuild when GitMl.Server builds), embedded in the binary as resources
/// named <c>ui/&lt;file&gt;</c>: nothing is read from disk or the network at run time. Served at <c>/</c> and
/// <c>/ui/&lt;file&gt;</c> under a Content-Security-Policy that allows only this server's own scripts, so even a
/// mistake that put run data into markup could not run a script.
/// </summary>
public static class UiAssets
{
    private const string ResourcePrefix = "ui/";

    /// <summary>Scripts and styles from this origin only; images also as data: URIs (the pipeline's SVG plots); no frames, no form posts elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Assembly Assembly = typeof(UiAssets).Assembly;

    /// <summary>The files of the UI (index.html, app.js, app.css), as they are named in an export.</summary>
    public static IReadOnlyList<string> Files { get; } = [.. Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)];

    public static Stream Open(string file) =>
        Assembly.GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidOperationException($"the UI file {file} is not in this build of git-ml");

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (RequestDelegate)(context => Write(context, "index.html")));
        app.MapGet("/ui/{file}", (RequestDelegate)(context =>
            context.Request.RouteValues["file"] is string file && Files.Contains(file, StringComparer.Ordinal)
                ? Write(context, file)
                : NotFound(context)));
    }

    private static async Task Write(HttpContext context, string file)
    {
        var response = context.Response;
        response.ContentType = ContentType(file);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        await using var content = Open(file);
        response.ContentLength = content.Length;
        await content.CopyToAsync(response.Body, context.RequestAborted);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("git-ml ui: no such file", context.RequestAborted);
    }

    public static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
