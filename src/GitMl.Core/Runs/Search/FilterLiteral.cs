namespace GitMl.Core.Runs.Search;

/// <summary>
/// A constant as written in a filter: a quoted string (<see cref="Text"/>), a number (<see cref="Text"/> null), or a
/// bare word (<see cref="IsBareWord"/>, which only <c>dirty = true</c> accepts), with its position for errors.
/// </summary>
internal readonly record struct FilterLiteral(int Position, string? Text, double Number, bool IsBareWord)
{
    public bool IsNumber => Text is null;
}
