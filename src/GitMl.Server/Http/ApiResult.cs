using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GitMl.Server.Json;
using Microsoft.AspNetCore.Http;

namespace GitMl.Server.Http;

/// <summary>What a handler answers: a JSON message (source-generated serializer) or raw bytes it streams itself.</summary>
public sealed class ApiResult
{
    private ApiResult(Func<HttpResponse, Task> write) => Write = write;

    public Func<HttpResponse, Task> Write { get; }

    /// <summary>
    /// The message serialized whole and sent with its Content-Length, as MLflow's server sends it: a client reads one
    /// body instead of parsing chunked encoding, which costs Python's http.client more than the request itself.
    /// </summary>
    public static ApiResult Json<T>(T value, JsonTypeInfo<T> type) => new(response =>
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, response.HttpContext.RequestAborted).AsTask();
    });

    /// <summary><c>{}</c>: what MLflow answers for a request whose response message has no fields.</summary>
    public static ApiResult Empty { get; } = Json(new EmptyJson(), ServerJsonContext.Default.EmptyJson);

    public static ApiResult Custom(Func<HttpResponse, Task> write) => new(write);
}
