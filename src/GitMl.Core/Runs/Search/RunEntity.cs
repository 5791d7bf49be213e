namespace GitMl.Core.Runs.Search;

/// <summary>What an identifier names: a metric, a param, a tag or an attribute of the run.</summary>
public enum RunEntity
{
    Metric,
    Param,
    Tag,
    Attribute,
}
