namespace GitMl.Core.Filters;

/// <summary>What to tell a user to do next, kept in one place so every message gives the same advice.</summary>
public static class NextSteps
{
    public const string ForMissingContent =
        "Fetch it from the data remote with 'git ml pull' (set one up with 'git ml remote add -d NAME URL' if there is none), " +
        "or set GIT_ML_SKIP_SMUDGE=1 to check out the pointer instead.";
}
