using GitMl.Core.Remotes;

namespace GitMl.Core.Transfer;

/// <summary>How transfer failures are told to people, the same way from every command and hook.</summary>
public static class TransferMessages
{
    private const int Shown = 10;

    public static void WritePushFailure(TextWriter writer, DataRemote remote, DataTransfer.PushResult result)
    {
        if (result.MissingLocally.Count > 0)
        {
            writer.WriteLine($"git-ml: {result.MissingLocally.Count} object(s) to push are not in this clone's store, so they cannot be uploaded to {remote}:");
            foreach (var use in result.MissingLocally.Take(Shown))
            {
                writer.WriteLine($"  {use.Path}  ({use.Oid.Short})");
            }
            More(writer, result.MissingLocally.Count);
            writer.WriteLine("  Fetch them from where they are (git ml fetch), or restore the files and commit them again.");
        }
        WriteFailures(writer, "upload", remote, result.Report);
    }

    /// <summary>
    /// The objects that failed, each with why; or, when the remote itself failed (unreachable, refused, no such
    /// bucket), that one reason once: every object failed with it.
    /// </summary>
    public static void WriteFailures(TextWriter writer, string verb, DataRemote remote, Storage.TransferReport report)
    {
        var failures = report.Failures;
        if (failures.Count == 0)
        {
            return;
        }
        if (report.StoppedBy is { } stop)
        {
            writer.WriteLine($"git-ml: error: {UserMessage.Of(stop)}");
            writer.WriteLine($"git-ml: {failures.Count} object(s) were not {verb}ed because of it.");
            return;
        }
        writer.WriteLine($"git-ml: {failures.Count} object(s) failed to {verb} ({remote}):");
        foreach (var failure in failures.Take(Shown))
        {
            writer.WriteLine($"  {failure.Message}");
        }
        More(writer, failures.Count);
    }

    private static void More(TextWriter writer, int count)
    {
        if (count > Shown)
        {
            writer.WriteLine($"  ... and {count - Shown} more");
        }
    }
}
