using System.Security.Cryptography;
using System.Text;
using GitMl.Server.Json;
using Microsoft.AspNetCore.Http;

namespace GitMl.Server.Http;

/// <summary>
/// With a token, every request but /health must carry <c>Authorization: Bearer TOKEN</c> (what MLflow's client sends
/// from MLFLOW_TRACKING_TOKEN), compared in constant time; anything else is 401 UNAUTHENTICATED and reaches no handler.
/// </summary>
public sealed class BearerAuthentication(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

    public async Task Invoke(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == "/health" || Matches(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await ErrorResponses.Write(context, new MlflowException(ErrorCodes.Unauthenticated,
            "this server needs a bearer token: set MLFLOW_TRACKING_TOKEN to the token `git ml serve` was started with"));
    }

    private bool Matches(string header)
    {
        byte[] given = Encoding.UTF8.GetBytes(header);
        return given.Length == _expected.Length && CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
