using GitMl.Core.Maintenance;
using GitMl.Core.Objects;

namespace GitMl.Core.Registry;

/// <summary>
/// The model registry's reason to keep objects in gc: every version that is not deleted, hence every stage, alias and
/// rollback (N-1) target (<see cref="RegistryObjects"/>). Only `git ml model prune` or `delete` release a version.
/// </summary>
public sealed class RegistryKeepReferences : IKeepReferences
{
    public string Description => "model registry versions that are not deleted";

    public IEnumerable<ObjectId> Referenced(MlRepository repo) => RegistryObjects.Referenced(repo).Select(u => u.Oid);
}
