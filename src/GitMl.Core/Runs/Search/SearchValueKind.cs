namespace GitMl.Core.Runs.Search;

/// <summary>What a <see cref="SearchValue"/> holds, and what an attribute's values are (<see cref="RunAttributes.KindOf"/>).</summary>
public enum SearchValueKind
{
    Text,
    Number,
}
