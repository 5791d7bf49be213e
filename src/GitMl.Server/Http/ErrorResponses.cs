using System.Text.Json;
using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Core.Runs.Search;
using GitMl.Git;
using GitMl.Server.Json;
using Microsoft.AspNetCore.Http;

namespace GitMl.Server.Http;

/// <summary>
/// The one place that turns what went wrong into MLflow's error response. Our own exceptions carry sentences of ours;
/// anything else (an I/O failure, a bug) is logged on the server's stderr and answered with a sentence of ours, never
/// with a runtime message.
/// </summary>
public static class ErrorResponses
{
    public static MlflowException From(Exception e) => e switch
    {
        MlflowException m => m,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            MlflowException.InvalidParameter("the request body is larger than this server accepts (settings ml.serve.maxRequestSize and ml.serve.maxArtifactSize)"),
        BadHttpRequestException => new MlflowException(ErrorCodes.BadRequest, "the request could not be read (it was cut off or malformed)"),
        RunSearchSyntaxException s => MlflowException.InvalidParameter(s.Message),
        RegistryException r => RegistryError(r.Message),
        ArgumentException or FormatException => MlflowException.InvalidParameter(e.Message),
        GitException g => new MlflowException(ErrorCodes.InternalError, $"git failed in the served repository: {g.Message}"),
        ObjectMissingException or CorruptObjectException => new MlflowException(ErrorCodes.ResourceDoesNotExist, e.Message),
        _ => new MlflowException(ErrorCodes.InternalError, "the server failed to carry out this request; its output says why"),
    };

    public static async Task Write(HttpContext context, MlflowException error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = error.HttpStatus;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorJson(error.ErrorCode, error.Message), ServerJsonContext.Default.ErrorJson);
    }

    /// <summary>A registry refusal: "no such model/version" is RESOURCE_DOES_NOT_EXIST, every other rule INVALID_PARAMETER_VALUE.</summary>
    private static MlflowException RegistryError(string message) =>
        message.StartsWith("there is no model", StringComparison.Ordinal) || message.Contains(" has no version ", StringComparison.Ordinal)
            ? MlflowException.NotFound(message)
            : MlflowException.InvalidParameter(message);
}
