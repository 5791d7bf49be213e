using GitMl.Core.Install;
using GitMl.Core.Objects;
using GitMl.Git;
using GitMl.Protocol.PktLine;

namespace GitMl.Cli;

/// <summary>
/// Runs a verb's body and turns what can go wrong into a message that says what to do and an exit code
/// (<see cref="ExitCodes"/>). Verbs throw; only this class decides how failures look.
/// </summary>
public static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
#pragma warning disable CA1031 // Report decides how every failure looks, the last resort included.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Report(e);
        }
    }

    /// <summary><see cref="Run"/> for verbs that run asynchronously (`git ml serve`).</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
#pragma warning disable CA1031 // Report decides how every failure looks, the last resort included.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Report(e);
        }
    }

    private static int Report(Exception exception)
    {
        switch (exception)
        {
            case NotARepositoryException e:
                return Fail(ExitCodes.Usage, e.Message);
            case InstallConflictException e:
                Console.Error.WriteLine("git-ml: error: nothing was changed, because git-ml would have to overwrite something it does not own:");
                foreach (var conflict in e.Conflicts)
                {
                    Console.Error.WriteLine($"  {conflict.Subject}: {conflict.Detail}");
                }
                return ExitCodes.Failure;
            case Core.Remotes.RemoteAccessRefusedException e:
                // A data remote this user has not approved for their credentials: nothing was sent; the message says how to approve it.
                return Fail(ExitCodes.Failure, e.Message);
            case ArgumentException or FileNotFoundException or FormatException:
                return Fail(ExitCodes.Usage, exception.Message);
            case GitException or Core.Runs.DirtyTreeException or ProtocolException or CorruptObjectException or ObjectMissingException or ContentMismatchException or Core.Import.DvcImportException or Core.Registry.RegistryException or InvalidDataException:
                return Fail(ExitCodes.Failure, exception.Message);
            case System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException:
            case IOException when exception.InnerException is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException:
                return Fail(ExitCodes.Failure, "could not listen on that address: the port is in use or not allowed; choose another with --port");
            case IOException or UnauthorizedAccessException:
                return Fail(ExitCodes.Failure, exception.Message);
            case OperationCanceledException:
                return ExitCodes.Success;
            default:
                // The last resort: report a bug plainly instead of a raw stack trace.
                Console.Error.WriteLine($"git-ml: internal error: {exception.Message}");
                Console.Error.WriteLine(Environment.GetEnvironmentVariable("GIT_ML_DEBUG") is null
                    ? "Please report this at the git-ml issue tracker; set GIT_ML_DEBUG=1 to include the stack trace."
                    : exception.ToString());
                return ExitCodes.InternalError;
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"git-ml: error: {message}");
        return code;
    }
}
