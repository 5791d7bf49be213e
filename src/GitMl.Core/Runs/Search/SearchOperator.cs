namespace GitMl.Core.Runs.Search;

/// <summary>The comparators of the filter language (<c>&lt;&gt;</c> is read as <see cref="NotEqual"/>).</summary>
internal enum SearchOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Like,
    ILike,
    NotLike,
    NotILike,
    In,
    NotIn,
    IsNull,
    IsNotNull,
}
