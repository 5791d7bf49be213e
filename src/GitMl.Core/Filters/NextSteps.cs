namespace GitMl.Core.Filters;

/// <summary>What to tell a user to do next, kept in one place so every message gives the same advice.</summary>
public static class NextSteps
{
    public const string ForMissingContent =
        "Get the content from a repository that has it (a clone of a local repository finds it there by itself), " +
        "or set GIT_ML_SKIP_SMUDGE=1 to check out the pointer instead.";
}
