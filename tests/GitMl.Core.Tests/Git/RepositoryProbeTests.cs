using GitMl.Git;

namespace GitMl.Core.Tests.Git;

/// <summary>
/// A hook's layout read from the repository's files must be exactly what `git rev-parse` says, in every layout git
/// creates (a .git folder, a linked worktree, a .git file), and must give up (null: ask git) wherever it could be wrong.
/// </summary>
public sealed class RepositoryProbeTests : IDisposable
{
    private readonly TempDirectory _dir = new("probe");

    public void Dispose() => _dir.Dispose();

    private static Func<string, string?> Environment(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    private string Init(string name)
    {
        string root = _dir.Combine(name);
        Directory.CreateDirectory(root);
        var git = new GitCli(root);
        git.Check(["init", "-q"]);
        git.Check(["-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "--allow-empty", "-m", "first"]);
        return root;
    }

    private static void AssertSameAsGit(string root, RepositoryLayout? probed)
    {
        var asked = RepositoryLayout.Discover(root);
        Assert.NotNull(asked);
        Assert.Equal(asked, probed);
    }

    [Fact]
    public void A_repository_with_a_git_folder()
    {
        string root = Init("plain");

        AssertSameAsGit(root, RepositoryProbe.HookLayout(root, Path.Combine(root, ".git", "hooks"), Environment()));
    }

    [Fact]
    public void A_linked_worktree_whose_git_directory_git_names_in_GIT_DIR()
    {
        string main = Init("main");
        string linked = _dir.Combine("linked");
        new GitCli(main).Check(["worktree", "add", "-q", linked]);
        string gitDir = Path.Combine(main, ".git", "worktrees", "linked");

        // As git runs a hook there: GIT_DIR set, the hooks of the common directory.
        var probed = RepositoryProbe.HookLayout(linked, Path.Combine(main, ".git", "hooks"), Environment(("GIT_DIR", gitDir)));
        AssertSameAsGit(linked, probed);
        // And without GIT_DIR, through the .git file.
        AssertSameAsGit(linked, RepositoryProbe.HookLayout(linked, Path.Combine(main, ".git", "hooks"), Environment()));
    }

    [Fact]
    public void A_git_file_with_a_relative_path()
    {
        string root = Init("separate");
        Directory.Move(Path.Combine(root, ".git"), _dir.Combine("separate.git"));
        File.WriteAllText(Path.Combine(root, ".git"), "gitdir: ../separate.git\n");

        AssertSameAsGit(root, RepositoryProbe.HookLayout(root, _dir.Combine("separate.git", "hooks"), Environment()));
    }

    [Fact]
    public void Unusual_layouts_are_left_to_git()
    {
        string root = Init("unusual");
        string bare = _dir.Combine("bare.git");
        new GitCli(_dir.Path).Check(["init", "-q", "--bare", bare]);
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        string hooks = Path.Combine(root, ".git", "hooks");

        // A bare repository: its hooks run in the git directory itself.
        Assert.Null(RepositoryProbe.HookLayout(bare, Path.Combine(bare, "hooks"), Environment(("GIT_DIR", "."))));
        Assert.Null(RepositoryProbe.HookLayout(bare, Path.Combine(bare, "hooks"), Environment()));
        // Inside the git directory.
        Assert.Null(RepositoryProbe.HookLayout(hooks, hooks, Environment(("GIT_DIR", Path.Combine(root, ".git")))));
        // A working tree elsewhere.
        Assert.Null(RepositoryProbe.HookLayout(root, hooks, Environment(("GIT_WORK_TREE", _dir.Combine("elsewhere")))));
        // Not the top of the working tree.
        Assert.Null(RepositoryProbe.HookLayout(Path.Combine(root, "sub"), hooks, Environment()));
        // GIT_DIR naming nothing.
        Assert.Null(RepositoryProbe.HookLayout(root, hooks, Environment(("GIT_DIR", _dir.Combine("missing")))));
    }
}
