namespace GitMl.Core.Filters;

/// <summary>What to tell a user to do next, kept in one place so every message gives the same advice.</summary>
public static class NextSteps
{
    public const string ForMissingContent =
        "Fetch it from the data remote with 'git ml pull' (set one up with 'git ml remote add -d NAME URL' if there is none), " +
        "or set GIT_ML_SKIP_SMUDGE=1 to check out the pointer instead.";

    /// <summary>What is wrong, and the fix, when git-ml's filter is not in any git config (see <see cref="Install.FilterConfiguration.IsConfigured"/>).</summary>
    public const string FilterNotConfigured =
        "git-ml's filter is not configured here (no filter.ml.process in any git config), so git leaves pointers in " +
        "the working tree and 'git add' would store content in Git as it is. Run 'git ml install' (for this repository " +
        "only: 'git ml install --local'), then 'git ml pull'.";

    /// <summary>Tells that a file was not checked out because its object is corrupt, where the damaged copy went, and what to do.</summary>
    public static void ReportCorruptObject(TextWriter writer, string path, Objects.CorruptObjectException e)
    {
        writer.WriteLine($"git-ml: error: '{path}' was not checked out: object {e.Oid} in the local store is corrupt ({e.Detail}).");
        if (e.QuarantinePath is not null)
        {
            writer.WriteLine($"git-ml:   the damaged copy was moved to {e.QuarantinePath}.");
        }
        writer.WriteLine($"git-ml:   {ForMissingContent}");
    }
}
