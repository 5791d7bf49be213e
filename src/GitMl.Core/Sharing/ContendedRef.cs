using GitMl.Git;

namespace GitMl.Core.Sharing;

/// <summary>
/// The one compare-and-swap loop for git-ml's own refs (run notes, the registry): read the ref, compute its next value
/// from what it holds, and move it only if it still holds that (<see cref="GitRefs.TryUpdate(GitCli, string, string, string?, string?)"/>).
/// When another writer moved it in between, the step runs again on the new value, after a pause
/// (<see cref="ContentionPolicy"/>), so concurrent writers all land and none overwrites another. The step may run
/// more than once: it must not have side effects beyond writing objects.
/// </summary>
public static class ContendedRef
{
    /// <summary>Runs <paramref name="step"/> on the ref's current value (null: it does not exist) until its write lands or it has nothing to write.</summary>
    /// <param name="doing">What the caller is doing, for the message when it gives up, e.g. "record a run".</param>
    /// <exception cref="GitException">The ref kept changing for every attempt of the policy; nothing was changed.</exception>
    public static T Update<T>(GitCli git, string refName, Func<string?, RefStep<T>> step, string doing, ContentionPolicy? policy = null)
    {
        policy ??= ContentionPolicy.Default;
        string problem = "";
        for (int attempt = 0; attempt < policy.Attempts; attempt++)
        {
            if (attempt > 0)
            {
                policy.Pause(attempt - 1);
            }
            string? current = GitRefs.Resolve(git, refName);
            var next = step(current);
            if (next.NewValue is null || GitRefs.TryUpdate(git, refName, next.NewValue, current, next.Reflog, out problem))
            {
                return next.Result;
            }
        }
        throw new GitException(
            $"could not {doing}: {refName} kept changing under other git-ml commands for {policy.Attempts} attempts (last: {(problem.Length == 0 ? "the ref moved" : problem)}); nothing was changed: run the command again",
            1, problem);
    }
}

/// <summary>What one attempt of <see cref="ContendedRef.Update"/> decided: move the ref to <see cref="NewValue"/> (null: leave it) and return <see cref="Result"/>.</summary>
public readonly record struct RefStep<T>(T Result, string? NewValue, string? Reflog);

/// <summary>Makes <see cref="RefStep{T}"/>s.</summary>
public static class RefStep
{
    /// <summary>Nothing to write: return <paramref name="result"/> as it is.</summary>
    public static RefStep<T> Done<T>(T result) => new(result, null, null);

    /// <summary>Move the ref to <paramref name="newValue"/>, then return <paramref name="result"/>.</summary>
    public static RefStep<T> Write<T>(string newValue, string reflog, T result) => new(result, newValue, reflog);
}
