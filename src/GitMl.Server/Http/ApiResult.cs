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

    public static ApiResult Json<T>(T value, JsonTypeInfo<T> type) => new(response =>
    {
        response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(response.Body, value, type, response.HttpContext.RequestAborted);
    });

    /// <summary><c>{}</c>: what MLflow answers for a request whose response message has no fields.</summary>
    public static ApiResult Empty { get; } = Json(new EmptyJson(), ServerJsonContext.Default.EmptyJson);

    public static ApiResult Custom(Func<HttpResponse, Task> write) => new(write);
}
