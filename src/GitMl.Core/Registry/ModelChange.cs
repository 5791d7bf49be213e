namespace GitMl.Core.Registry;

/// <summary>
/// The outcome of one registry operation on a model: the new record, whether anything changed (registering content
/// that is already a version, or promoting a version to the stage it is in, changes nothing), the version it is
/// about, and one sentence for the user and the registry commit message.
/// </summary>
public sealed record ModelChange(ModelRecord Model, bool Changed, int Version, string Summary);
