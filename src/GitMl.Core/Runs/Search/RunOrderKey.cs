namespace GitMl.Core.Runs.Search;

/// <summary>One clause of an order: a field and its direction (ascending unless DESC).</summary>
public sealed record RunOrderKey(RunField Field, bool Descending)
{
    public override string ToString() => Field + (Descending ? " DESC" : " ASC");
}
