namespace GitMl.Server.Http;

/// <summary>
/// A request the server refuses, answered the way MLflow answers: <c>{"error_code": CODE, "message": TEXT}</c> with the
/// HTTP status MLflow gives that code (<see cref="ErrorCodes.HttpStatus"/>). The message is one of ours: it names what
/// was wrong and what to send instead. Nothing was changed when this is thrown.
/// </summary>
public sealed class MlflowException : Exception
{
    public MlflowException(string errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public MlflowException()
        : this(ErrorCodes.InternalError, "internal error")
    {
    }

    public MlflowException(string message)
        : this(ErrorCodes.InternalError, message)
    {
    }

    public MlflowException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = ErrorCodes.InternalError;
    }

    public string ErrorCode { get; }

    public int HttpStatus => ErrorCodes.HttpStatus(ErrorCode);

    public static MlflowException InvalidParameter(string message) => new(ErrorCodes.InvalidParameterValue, message);

    public static MlflowException NotFound(string message) => new(ErrorCodes.ResourceDoesNotExist, message);

    public static MlflowException AlreadyExists(string message) => new(ErrorCodes.ResourceAlreadyExists, message);

    /// <summary>MLflow's own wording for a required field that is missing or empty.</summary>
    public static MlflowException Missing(string field) =>
        InvalidParameter($"Missing value for required parameter '{field}'. See the API docs for more information about request parameters.");
}
