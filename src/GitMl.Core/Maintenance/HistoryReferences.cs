using GitMl.Core.Objects;
using GitMl.Core.Transfer;

namespace GitMl.Core.Maintenance;

/// <summary>
/// The history a <see cref="GcScope"/> adds on top of what Git keeps (<see cref="GitStateReferences"/>, which already
/// has the tip of every branch and tag): every commit of every branch and tag, or the commits of the last N days.
/// </summary>
public static class HistoryReferences
{
    public static IEnumerable<IKeepReferences> For(GcScope scope)
    {
        if (scope.AllCommits)
        {
            string[] refs = scope.IncludeRemoteBranches ? ["--all"] : ["--branches", "--tags"];
            yield return new Source(scope.IncludeRemoteBranches ? "every commit of every ref" : "every commit of every branch and tag", repo =>
                ReferencedPointers.InHistory(repo.Git, refs).Select(u => u.Oid));
        }
        if (scope.KeepDays is int days)
        {
            yield return new Source($"commits of the last {days} days", repo =>
                ReferencedPointers.InHistory(repo.Git, ["--branches", "--tags", $"--since={days}.days.ago"]).Select(u => u.Oid));
        }
    }

    private sealed class Source(string description, Func<MlRepository, IEnumerable<ObjectId>> referenced) : IKeepReferences
    {
        public string Description => description;

        public IEnumerable<ObjectId> Referenced(MlRepository repo) => referenced(repo);
    }
}
