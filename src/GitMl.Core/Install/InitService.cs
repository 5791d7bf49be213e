using GitMl.Core.IO;
using GitMl.Core.Tracking;

namespace GitMl.Core.Install;

/// <summary>
/// `git ml init`: makes a repository git-ml ready in one step: local install (filter and hooks), an ML-aware
/// .gitignore block and, when no git-ml patterns exist yet, a .gitattributes block that tracks model and data
/// formats and sends lock files and params.yaml through git-ml's merge drivers. Running it again adds nothing twice.
/// </summary>
public sealed class InitService(MlRepository repo)
{
    public sealed record Result(IReadOnlyList<InstallChange> Install, bool WroteGitIgnore, bool WroteGitAttributes);

    public Result Init()
    {
        var install = new InstallService(repo.Git, repo.Layout).Install(InstallScope.Local);

        var ignore = TextLinesFile.Load(Path.Combine(repo.WorkTree, ".gitignore"));
        bool wroteIgnore = !ignore.Contains(ManagedBlock.Begin);
        if (wroteIgnore)
        {
            ignore.AppendBlock(ManagedBlock.GitIgnoreBlock());
            ignore.Save();
        }

        var attributes = AttributesFile.Load(Path.Combine(repo.WorkTree, ".gitattributes"));
        bool wroteAttributes = !attributes.Contains(ManagedBlock.Begin) && !attributes.TrackedPatterns().Any();
        if (wroteAttributes)
        {
            attributes.AppendBlock(ManagedBlock.GitAttributesBlock());
        }
        // A repository that tracked its own patterns before init still gets the merge drivers.
        wroteAttributes |= attributes.EnsureMergeDrivers();
        if (wroteAttributes)
        {
            attributes.Save();
        }
        return new Result(install, wroteIgnore, wroteAttributes);
    }
}
