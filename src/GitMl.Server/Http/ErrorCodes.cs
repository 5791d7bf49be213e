namespace GitMl.Server.Http;

/// <summary>MLflow's error codes (databricks.proto ErrorCode) and the HTTP status MLflow's server answers each with.</summary>
public static class ErrorCodes
{
    public const string InternalError = "INTERNAL_ERROR";
    public const string InvalidState = "INVALID_STATE";
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string BadRequest = "BAD_REQUEST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string Unauthenticated = "UNAUTHENTICATED";

    public static int HttpStatus(string code) => code switch
    {
        InvalidParameterValue or BadRequest or ResourceAlreadyExists => 400,
        Unauthenticated => 401,
        PermissionDenied => 403,
        ResourceDoesNotExist or EndpointNotFound => 404,
        RequestLimitExceeded => 429,
        TemporarilyUnavailable => 503,
        _ => 500,
    };
}
