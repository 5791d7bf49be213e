using GitMl.Core.Objects;

namespace GitMl.Core.Maintenance;

/// <summary>
/// One reason to keep objects: garbage collection keeps every object any registered source refers to. The
/// Git-history sources come from <see cref="GcScope"/>; later parts of git-ml (the model registry, experiment
/// runs) add theirs in <see cref="KeepSet"/>, so nothing they refer to is ever collected.
/// </summary>
public interface IKeepReferences
{
    /// <summary>For the dry run's explanation, e.g. "branch and tag tips".</summary>
    string Description { get; }

    IEnumerable<ObjectId> Referenced(MlRepository repo);
}
