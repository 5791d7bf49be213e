namespace GitMl.Core.Runs.Search;

/// <summary>
/// One clause of a filter, compiled at parse time: everything that can be decided once (the value's type, a LIKE
/// pattern, a date) already is, so that testing a run only reads its value and compares.
/// </summary>
internal interface IRunCondition
{
    bool Matches(ISearchableRun run);
}
