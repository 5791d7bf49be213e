using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace GitMl.Server.Http;

/// <summary>A handler of one MLflow endpoint: the request's fields in, the response out (or an MlflowException).</summary>
public delegate ApiResult ApiHandler(ApiFields fields, HttpContext context);

/// <summary>
/// Maps MLflow endpoints the way MLflow's server does: each path under both <c>/api/2.0/mlflow/</c> and
/// <c>/ajax-api/2.0/mlflow/</c>, for one HTTP method. The request message comes from the query string for GET and
/// from the JSON body otherwise, bounded by <see cref="MaxRequestBytes"/>; every failure becomes MLflow's error JSON.
/// Handlers are plain <see cref="RequestDelegate"/>s: nothing here needs reflection or generated binding code.
/// </summary>
public sealed class ApiRoutes(IEndpointRouteBuilder app, long maxRequestBytes)
{
    public static IReadOnlyList<string> Prefixes { get; } = ["/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"];

    public long MaxRequestBytes => maxRequestBytes;

    public void Get(string path, ApiHandler handler) => Map("GET", path, handler);

    public void Post(string path, ApiHandler handler) => Map("POST", path, handler);

    public void Patch(string path, ApiHandler handler) => Map("PATCH", path, handler);

    public void Delete(string path, ApiHandler handler) => Map("DELETE", path, handler);

    private void Map(string method, string path, ApiHandler handler)
    {
        foreach (string prefix in Prefixes)
        {
            app.MapMethods(prefix + path, [method], (RequestDelegate)(context => Handle(context, handler)));
        }
    }

    private async Task Handle(HttpContext context, ApiHandler handler)
    {
        try
        {
            ApiFields fields = await ReadFields(context);
            await handler(fields, context).Write(context.Response);
        }
#pragma warning disable CA1031 // Every failure is answered as MLflow answers errors; unexpected ones are logged too.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Fail(context, e);
        }
    }

    /// <summary>Answers a failure as MLflow does; logs the unexpected ones on the server's stderr.</summary>
    public static Task Fail(HttpContext context, Exception e)
    {
        var error = ErrorResponses.From(e);
        if (error.ErrorCode == ErrorCodes.InternalError)
        {
            Console.Error.WriteLine($"git-ml serve: {context.Request.Method} {context.Request.Path}: {e}");
        }
        return ErrorResponses.Write(context, error);
    }

    private async Task<ApiFields> ReadFields(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            return ApiFields.FromQuery(request.Query);
        }
        // A body declared too large is refused before the limit is lowered: Kestrel then reads the unread body away
        // after the answer (up to its own limit) and the client gets the error. With the lower limit in place Kestrel
        // would close the connection on the unread bytes, and the reset could lose the answer on its way.
        if (request.ContentLength > maxRequestBytes)
        {
            throw TooLarge();
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxRequestBytes;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > maxRequestBytes)
        {
            throw TooLarge();
        }
        byte[] body = buffer.ToArray();
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return ApiFields.Empty;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(LenientJson.QuoteNonFiniteNumbers(body), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw MlflowException.InvalidParameter("the request body is not valid JSON");
        }
        context.Response.RegisterForDispose(document);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.String)
        {
            // Older clients posted their JSON double-encoded as a string; MLflow's server decodes it a second time.
            return await Task.FromResult(Reparse(context, root.GetString()!));
        }
        return ApiFields.FromJson(root);
    }

    private static ApiFields Reparse(HttpContext context, string json)
    {
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            context.Response.RegisterForDispose(document);
            return ApiFields.FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            throw MlflowException.InvalidParameter("the request body is not valid JSON");
        }
    }

    private MlflowException TooLarge() => MlflowException.InvalidParameter(
        $"the request body is larger than this server accepts ({maxRequestBytes} bytes, setting ml.serve.maxRequestSize)");
}
