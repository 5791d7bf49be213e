namespace GitMl.Storage.IO;

/// <summary>
/// What a killed writer leaves behind (a temporary file, a scratch ref) carries the writer's process id in its name
/// (<c>PID-RANDOM</c>). The next command that works in the same place removes it once the process is gone and, for
/// files, once it has not been written to for <see cref="Age"/>: a writer that is still streaming keeps touching
/// its file, so a live one never loses it.
/// </summary>
public static class Leftovers
{
    /// <summary>How long a temporary file must have been left untouched before another command removes it.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether the writer named by <paramref name="name"/> (whose process id starts at <paramref name="start"/>
    /// and ends at the next '-') may still run. Unknown (no id in the name, a system without /proc) counts as gone
    /// only when <paramref name="unknownIsGone"/>.
    /// </summary>
    public static bool WriterMayRun(string name, int start, bool unknownIsGone)
    {
        int dash = start >= 0 && start < name.Length ? name.IndexOf('-', start) : -1;
        if (dash < 0 || !int.TryParse(name.AsSpan(start, dash - start), out int pid) || !OperatingSystem.IsLinux())
        {
            return !unknownIsGone;
        }
        return pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");
    }

    /// <summary>
    /// Deletes the files in <paramref name="folder"/> matching <paramref name="pattern"/> that are older than
    /// <see cref="Age"/> and whose writer is gone; <paramref name="pidStart"/> finds the process id in a name.
    /// Best effort: what cannot be removed now is tried again by the next command.
    /// </summary>
    public static int RemoveFiles(string folder, string pattern, Func<string, int> pidStart)
    {
        int removed = 0;
        var cutoff = DateTime.UtcNow - Age;
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles(pattern))
            {
                if (file.LastWriteTimeUtc < cutoff && file.LinkTarget is null && !WriterMayRun(file.Name, pidStart(file.Name), unknownIsGone: true))
                {
                    file.Delete();
                    removed++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another cleaner got there first, or the folder is not ours to clean: the next command tries again.
        }
        return removed;
    }
}
