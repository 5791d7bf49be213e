using System.Text.RegularExpressions;

namespace GitMl.Core;

/// <summary>
/// An exception's message as a user may read it. git-ml's own exceptions carry sentences of ours. The runtime's do
/// not: with UseSystemResourceKeys (set for size) their messages are resource keys ("IO_FileNotFound_FileName,
/// /a/b"), and an ArgumentException appends its parameter name ("Arg_ParamName_Name, Container"). Those are turned
/// into sentences here, so no resource key ever reaches a user.
/// </summary>
public static partial class UserMessage
{
    public static string Of(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is System.Text.Json.JsonException json)
        {
            // System.Text.Json's messages are resource keys too; its position is what helps.
            return json.LineNumber is { } line
                ? $"not valid JSON (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})"
                : "not valid JSON";
        }
        if (e is System.ComponentModel.Win32Exception win32)
        {
            return Of(win32);
        }
        string message = WithoutParameterName(e);
        var key = ResourceKey().Match(message);
        if (!key.Success)
        {
            return message;
        }
        string[] args = key.Groups["args"].Success ? key.Groups["args"].Value.Split(", ") : [];
        string first = args.Length > 0 ? $"'{args[0]}'" : "a file";
        return key.Groups["key"].Value switch
        {
            "IO_FileNotFound" or "IO_FileNotFound_FileName" => $"{first} does not exist",
            "IO_PathNotFound_NoPathName" or "IO_PathNotFound_Path" => $"a folder on the path {first} does not exist",
            "UnauthorizedAccess_IODenied_NoPathName" or "UnauthorizedAccess_IODenied_Path" => $"permission denied: {first}",
            "IO_FileExists_Name" or "IO_AlreadyExists_Name" => $"{first} exists already",
            "IO_SharingViolation_File" or "IO_SharingViolation_NoFileName" => $"{first} is in use by another process",
            "IO_PathTooLong" or "IO_PathTooLong_Path" => $"the path {first} is too long",
            "IO_DiskFull_Path_AllocationSize" => $"not enough space on the disk for {first}",
            "IO_FileTooLarge_Path_AllocationSize" => $"{first} is too large for the file system",
            _ => ByType(e),
        };
    }

    /// <summary>Why a process could not be started, in the system's words ("No such file or directory").</summary>
    public static string Of(System.ComponentModel.Win32Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode);
    }

    /// <summary>A sentence for a runtime exception whose message is a key this class does not know.</summary>
    private static string ByType(Exception e) => e switch
    {
        FileNotFoundException { FileName: { } file } => $"'{file}' does not exist",
        FileNotFoundException or DirectoryNotFoundException => "a file or folder git-ml needed does not exist",
        UnauthorizedAccessException => "permission denied on a file or folder git-ml needed",
        PathTooLongException => "a path is too long for this system",
        IOException => "reading or writing a file failed",
        FormatException => "a value is not in the expected form",
        ArgumentException => "an argument is not valid",
        OutOfMemoryException => "there is not enough memory",
        _ => $"an unexpected error ({e.GetType().Name})",
    };

    /// <summary>The message without what ArgumentException appends: " (Parameter 'x')", or under resource keys " Arg_ParamName_Name, x".</summary>
    private static string WithoutParameterName(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            foreach (string suffix in (string[])[$" (Parameter '{name}')", $" Arg_ParamName_Name, {name}", $" Arg_ParamName_Name"])
            {
                if (message.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return message[..^suffix.Length];
                }
            }
        }
        return message;
    }

    /// <summary>
    /// A resource key, alone or followed by its arguments: words joined by underscores (Arg_ParamName_Name,
    /// net_http_client_execution_error) or one CamelCase word (ErrorStartingProcess). A sentence of ours has spaces.
    /// </summary>
    [GeneratedRegex(@"^(?<key>[A-Za-z]+(?:_[A-Za-z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)(?:, (?<args>.*))?$", RegexOptions.Singleline)]
    private static partial Regex ResourceKey();
}
