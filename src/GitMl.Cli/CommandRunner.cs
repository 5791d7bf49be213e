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
        catch (NotARepositoryException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (InstallConflictException e)
        {
            Console.Error.WriteLine("git-ml: error: nothing was changed, because git-ml would have to overwrite something it does not own:");
            foreach (var conflict in e.Conflicts)
            {
                Console.Error.WriteLine($"  {conflict.Subject}: {conflict.Detail}");
            }
            return ExitCodes.Failure;
        }
        catch (Core.Pipelines.PipelineFormatException e)
        {
            // A file in the repository (pipeline, params, lock, .dvc) is not valid or beyond the input limits: the
            // command failed on what it read, not on how it was asked. The message names the file and line.
            return Fail(ExitCodes.Failure, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or FormatException)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (Exception e) when (e is GitException or Core.Runs.DirtyTreeException or ProtocolException or CorruptObjectException or ObjectMissingException or ContentMismatchException or Core.Import.DvcImportException or Core.Registry.RegistryException or IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.Failure, e.Message);
        }
#pragma warning disable CA1031 // The last resort: report a bug plainly instead of a raw stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"git-ml: internal error: {e.Message}");
            Console.Error.WriteLine(Environment.GetEnvironmentVariable("GIT_ML_DEBUG") is null
                ? "Please report this at the git-ml issue tracker; set GIT_ML_DEBUG=1 to include the stack trace."
                : e.ToString());
            return ExitCodes.InternalError;
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"git-ml: error: {message}");
        return code;
    }
}
