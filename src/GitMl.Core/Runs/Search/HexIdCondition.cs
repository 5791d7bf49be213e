namespace GitMl.Core.Runs.Search;

/// <summary>
/// <c>run_id = 'abcd'</c> or <c>commit = 'abcd'</c> (and !=): the run's id starts with the given hex, ignoring case,
/// as git accepts short hashes. A full id is its own prefix, so a full id matches exactly.
/// </summary>
internal sealed class HexIdCondition(RunField field, string prefix, bool negated) : IRunCondition
{
    public bool Matches(ISearchableRun run) =>
        field.ReadText(run) is { } actual && actual.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) != negated;
}
