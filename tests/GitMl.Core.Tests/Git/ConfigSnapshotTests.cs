using GitMl.Core.Remotes;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Git;

/// <summary>The config read once per command, with origins, and who may use that snapshot.</summary>
public sealed class ConfigSnapshotTests
{
    [Fact]
    public void The_config_is_read_once_with_origins_and_gives_the_same_values_as_a_plain_list()
    {
        using var repo = new GitRepoFixture();
        repo.Git.Check(["config", "Ml.SomeKey", "one"]);
        repo.Git.Check(["config", "--add", "ml.somekey", "two"]);
        var fresh = MlRepository.Open(repo.Path);

        var plain = GitConfig.Parse(repo.Git.Check(["config", "-z", "--list"]).StdoutText);

        Assert.Equal(plain.Keys.Order(StringComparer.Ordinal), fresh.UserConfig.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["one", "two"], fresh.UserConfig.GetAll("ml.someKEY"));
        Assert.Contains(fresh.Snapshot.UserEntries, e => e.Key == "user.name" && e.File == Path.Combine(repo.Path, ".git", "config"));
        Assert.Same(fresh.Snapshot, fresh.Snapshot);
    }

    [Fact]
    public void Remotes_written_by_a_command_are_seen_by_that_command()
    {
        using var repo = new GitRepoFixture();
        var fresh = MlRepository.Open(repo.Path);
        var remotes = new DataRemotes(fresh, fromSnapshot: true);
        Assert.Null(remotes.DefaultOrNull()); // the snapshot is read now, with no remote
        Assert.Null(new DataRemotes(fresh, fromSnapshot: true).DefaultOrNull());

        remotes.Add("local", Path.Combine(repo.Path, "..", Path.GetFileName(repo.Path) + "-store"), makeDefault: true, local: true);
        Assert.Equal("local", remotes.DefaultOrNull()?.Name);
        Assert.Equal("local", fresh.Config.Get("ml.remote") ?? remotes.List().Default);

        Assert.Equal("local", new DataRemotes(fresh, fromSnapshot: true).DefaultOrNull()?.Name); // the snapshot was read again

        remotes.Remove("local");
        Assert.Empty(remotes.List().Remotes);
    }

    [Fact]
    public void Remotes_read_from_git_by_default_see_a_change_made_by_someone_else()
    {
        using var repo = new GitRepoFixture();
        var fresh = MlRepository.Open(repo.Path);
        Assert.Null(new DataRemotes(fresh).DefaultOrNull());
        _ = fresh.Snapshot;

        repo.Git.Check(["config", "ml-remote.other.url", Path.Combine(repo.Path, "..", "other-store")]);

        Assert.Equal("other", new DataRemotes(fresh).DefaultOrNull()?.Name);
        Assert.Null(new DataRemotes(fresh, fromSnapshot: true).DefaultOrNull()); // one command's snapshot, by design
    }
}
