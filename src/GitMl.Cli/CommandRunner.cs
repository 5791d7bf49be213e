using GitMl.Core;
using GitMl.Core.Install;
using GitMl.Core.Objects;
using GitMl.Core.Settings;
using GitMl.Git;
using GitMl.Protocol.PktLine;
using GitMl.Storage;

namespace GitMl.Cli;

/// <summary>
/// Runs a verb's body and turns what can go wrong into a message that says what to do and an exit code
/// (<see cref="ExitCodes"/>, docs/exit-codes.md). Verbs throw; only this class decides how failures look. Every
/// message goes through <see cref="UserMessage"/>, so a runtime resource key never reaches the user.
/// </summary>
public static class CommandRunner
{
    public static int Run(CliContext cli, Func<int> body)
    {
        try
        {
            return body();
        }
#pragma warning disable CA1031 // Report decides how every failure looks, the last resort included.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Report(cli, e);
        }
    }

    /// <summary><see cref="Run"/> for verbs that run asynchronously (`git ml serve`).</summary>
    public static async Task<int> RunAsync(CliContext cli, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
#pragma warning disable CA1031 // Report decides how every failure looks, the last resort included.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Report(cli, e);
        }
    }

    private static int Report(CliContext cli, Exception exception)
    {
        switch (exception)
        {
            case NotARepositoryException:
                return Fail(cli, ExitCodes.Usage, exception);
            case InstallConflictException e:
                cli.Error.WriteLine("git-ml: error: nothing was changed, because git-ml would have to overwrite something it does not own:");
                foreach (var conflict in e.Conflicts)
                {
                    cli.Error.WriteLine($"  {conflict.Subject}: {conflict.Detail}");
                }
                return ExitCodes.Failure;
            case OperationCanceledException:
                // Ctrl-C of a long-running verb (serve): it stopped as asked.
                return ExitCodes.Success;
            case var e when IsAddressInUse(e):
                cli.Error.WriteLine("git-ml: error: could not listen on that address: the port is in use or not allowed; choose another with --port");
                return ExitCodes.Failure;
            case var e when IsUsage(e):
                return Fail(cli, ExitCodes.Usage, e);
            case var e when IsFailure(e):
                return Fail(cli, ExitCodes.Failure, e);
            default:
                // The last resort: report a bug plainly instead of a raw stack trace.
                cli.Error.WriteLine($"git-ml: internal error: {UserMessage.Of(exception)}");
                cli.Error.WriteLine(!cli.Session.Debug
                    ? "Please report this at the git-ml issue tracker; set GIT_ML_DEBUG=1 to include the stack trace."
                    : exception.ToString());
                return ExitCodes.InternalError;
        }
    }

    private static bool IsAddressInUse(Exception e) =>
        e is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException
        || (e is IOException && e.InnerException is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException);

    /// <summary>The request cannot be carried out as given: bad arguments, a file that is not there, a file that does not parse.</summary>
    private static bool IsUsage(Exception e) => e is ArgumentException or FileNotFoundException or FormatException or NoWorkTreeException;

    /// <summary>
    /// The operation ran and failed: git said no, content is damaged or missing, the data remote cannot be reached, refused
    /// us or cannot be used as configured (<see cref="StorageException"/>: an environment or remote problem, never a bug).
    /// </summary>
    private static bool IsFailure(Exception e) =>
        e is GitException or StorageException or FilterNotConfiguredException or Core.Runs.DirtyTreeException or ProtocolException
            or CorruptObjectException or ObjectMissingException or ContentMismatchException or Core.Import.DvcImportException
            or Core.Registry.RegistryException or Core.Merge.ParamsMergeException or IOException or UnauthorizedAccessException;

    private static int Fail(CliContext cli, int code, Exception e)
    {
        cli.Error.WriteLine($"git-ml: error: {UserMessage.Of(e)}");
        return code;
    }
}
