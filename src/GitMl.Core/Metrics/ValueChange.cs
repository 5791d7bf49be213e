using System.Text.Json.Nodes;

namespace GitMl.Core.Metrics;

/// <summary>How a value differs between two revisions.</summary>
public enum ChangeKind
{
    Unchanged,
    Changed,

    /// <summary>Only the new revision has it.</summary>
    Added,

    /// <summary>Only the old revision has it.</summary>
    Removed,
}

/// <summary>
/// One row of a params or metrics diff. <see cref="Old"/> is null when <see cref="Kind"/> is Added, <see cref="New"/>
/// when it is Removed (a value can also be null itself: YAML null). <see cref="Delta"/> is new minus old when both are
/// numbers (see <see cref="NumericDelta"/>), else null.
/// </summary>
public sealed record ValueChange(string Path, string Key, JsonNode? Old, JsonNode? New, ChangeKind Kind)
{
    public JsonValue? Delta { get; } = Kind is ChangeKind.Changed or ChangeKind.Unchanged ? NumericDelta.Of(Old, New) : null;
}
