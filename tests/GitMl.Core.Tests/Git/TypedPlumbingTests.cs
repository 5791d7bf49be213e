using System.Text;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Git;

/// <summary>GitMl.Git's typed plumbing methods, against a real repository: what they return, and on a missing ref or object.</summary>
public sealed class TypedPlumbingTests
{
    /// <summary>The note of <paramref name="commit"/> under <paramref name="notesRef"/>, as `git notes show` prints it.</summary>
    private static string Note(GitRepoFixture repo, string notesRef, string commit) =>
        repo.Git.Check(["notes", "--ref", notesRef, "show", commit]).StdoutText;

    [Fact]
    public void A_text_merge_counts_its_conflicts()
    {
        using var dir = new TempDirectory();
        var git = new GitCli(dir.Path);
        File.WriteAllText(dir.Combine("base"), "a\nb\nc\n");
        File.WriteAllText(dir.Combine("ours"), "A\nb\nc\n");
        File.WriteAllText(dir.Combine("theirs"), "a\nb\nC\n");
        Assert.Equal(0, GitMergeFile.Merge(git, dir.Combine("ours"), dir.Combine("base"), dir.Combine("theirs"), 7));
        Assert.Equal("A\nb\nC\n", File.ReadAllText(dir.Combine("ours")));

        File.WriteAllText(dir.Combine("theirs"), "X\nb\nC\n");
        Assert.Equal(1, GitMergeFile.Merge(git, dir.Combine("ours"), dir.Combine("base"), dir.Combine("theirs"), 7));
        Assert.Contains("<<<<<<< ours", File.ReadAllText(dir.Combine("ours")), StringComparison.Ordinal);
        Assert.Throws<GitException>(() => GitMergeFile.Merge(git, dir.Combine("ours"), dir.Combine("missing"), dir.Combine("theirs"), 7));
    }

    [Fact]
    public void Head_gives_the_commit_and_branch_and_nothing_when_there_is_no_commit_yet()
    {
        using var repo = new GitRepoFixture();
        string commit = repo.Git.Check(["rev-parse", "HEAD"]).StdoutText.Trim();

        var head = GitRefs.Head(repo.Git);
        Assert.Equal(new GitHead(commit, "refs/heads/main"), head);
        Assert.Equal("main", head!.Branch);
        Assert.True(GitRefs.HasHead(repo.Git));

        repo.Git.Check(["checkout", "-q", "--detach"]);
        Assert.Equal(new GitHead(commit, null), GitRefs.Head(repo.Git));
        Assert.Null(GitRefs.Head(repo.Git)!.Branch);

        using var empty = new TempDirectory();
        var fresh = new GitCli(empty.Path);
        fresh.Check(["init", "-q", "-b", "main"]);
        Assert.Null(GitRefs.Head(fresh));
        Assert.False(GitRefs.HasHead(fresh));
        Assert.False(GitHistory.HasAnyCommit(fresh));
        Assert.False(GitHistory.TryListCommits(fresh, "HEAD", out var none, out string problem));
        Assert.Empty(none);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void Commits_resolve_by_any_name_and_an_unknown_or_non_commit_name_gives_null()
    {
        using var repo = new GitRepoFixture();
        string commit = repo.Git.Check(["rev-parse", "HEAD"]).StdoutText.Trim();
        string blob = GitRefs.WriteBlob(repo.Git, "x\n"u8.ToArray());

        Assert.Equal(commit, GitRefs.ResolveCommit(repo.Git, "main"));
        Assert.Equal(commit, GitRefs.ResolveCommit(repo.Git, commit[..8]));
        Assert.Null(GitRefs.ResolveCommit(repo.Git, "no-such-branch"));
        Assert.Null(GitRefs.ResolveCommit(repo.Git, blob));
        Assert.Null(GitRefs.ResolveCommit(repo.Git, "--all")); // never read as an option
        Assert.True(GitObjects.HasCommit(repo.Git, commit));
        Assert.False(GitObjects.HasCommit(repo.Git, blob));
        Assert.False(GitObjects.HasCommit(repo.Git, new string('0', 40)));
        Assert.True(GitHistory.HasAnyCommit(repo.Git));
        Assert.True(GitHistory.TryListCommits(repo.Git, "main", out var commits, out _));
        Assert.Equal([commit], commits);
    }

    [Fact]
    public void Branch_names_are_short_unless_a_tag_makes_them_ambiguous()
    {
        using var repo = new GitRepoFixture();
        repo.Git.Check(["branch", "feature"]);
        repo.Git.Check(["tag", "feature"]);

        Assert.Equal(["heads/feature", "main"], GitRefs.BranchNames(repo.Git));
    }

    [Fact]
    public void Set_moves_a_ref_unconditionally_and_a_tag_is_created_once()
    {
        using var repo = new GitRepoFixture();
        string commit = GitRefs.Resolve(repo.Git, "HEAD")!;

        GitRefs.Set(repo.Git, "refs/ml/test", commit);
        Assert.Equal(commit, GitRefs.Resolve(repo.Git, "refs/ml/test"));
        Assert.Throws<GitException>(() => GitRefs.Set(repo.Git, "refs/ml/test", new string('1', 40)));

        GitRefs.CreateAnnotatedTag(repo.Git, "model-v1", "release\n", commit);
        Assert.NotNull(GitRefs.Resolve(repo.Git, "refs/tags/model-v1"));
        Assert.Equal(commit, GitRefs.ResolveCommit(repo.Git, "model-v1"));
        Assert.Throws<GitException>(() => GitRefs.CreateAnnotatedTag(repo.Git, "model-v1", "again", commit));
    }

    [Fact]
    public void Notes_are_appended_replaced_removed_and_merged_under_a_given_ref()
    {
        using var repo = new GitRepoFixture();
        string commit = GitRefs.Resolve(repo.Git, "HEAD")!;
        const string ours = "refs/notes/test-ours";
        const string theirs = "refs/notes/test-theirs";

        GitNotes.Append(repo.Git, ours, commit, "a\n"u8.ToArray());
        GitNotes.Append(repo.Git, ours, commit, "b\n"u8.ToArray());
        Assert.Equal("a\n\nb\n", Note(repo, ours, commit));

        GitNotes.Set(repo.Git, theirs, commit, "c\n"u8.ToArray());
        GitNotes.Merge(repo.Git, ours, theirs, "cat_sort_uniq", "test: merge");
        Assert.Equal(["a", "b", "c"], Note(repo, ours, commit).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        GitNotes.Remove(repo.Git, ours, commit);
        Assert.Empty(GitNotes.List(repo.Git, GitRefs.Resolve(repo.Git, ours)!));
        GitNotes.Remove(repo.Git, ours, commit); // no note: no error
    }

    [Fact]
    public void Trees_list_types_ids_paths_and_sizes_recursively_when_asked()
    {
        using var repo = new GitRepoFixture();
        repo.Write("dir/a b.txt", "hello\n");
        GitIndex.Add(repo.Git, ["dir"]);
        repo.Git.Check(["commit", "-q", "-m", "two"]);

        var top = GitTrees.List(repo.Git, "HEAD");
        Assert.Equal(["README.md", "dir"], top.Select(e => e.Path));
        Assert.Equal(("tree", (long?)null), (top[1].Type, top[1].Size));
        Assert.Equal(GitRefs.Resolve(repo.Git, "HEAD:dir"), top[1].Oid);

        var all = GitTrees.List(repo.Git, "HEAD", recursive: true, sizes: true);
        Assert.Equal(["README.md", "dir/a b.txt"], all.Select(e => e.Path));
        Assert.Equal(new TreeEntry("100644", "blob", GitObjects.BlobId("hello\n"u8, null), 6, "dir/a b.txt"), all[1]);
        Assert.Throws<GitException>(() => GitTrees.List(repo.Git, "no-such-tree"));
    }

    [Fact]
    public void Status_and_diff_tell_staged_from_unstaged_changes()
    {
        using var repo = new GitRepoFixture();
        repo.Write("staged.txt", "s\n");
        GitIndex.Add(repo.Git, ["staged.txt"]);
        repo.Write("README.md", "changed\n");

        var (unstaged, staged) = GitStatus.Changes(repo.Git);
        Assert.Equal(["README.md"], unstaged);
        Assert.Equal(["staged.txt"], staged);
        Assert.Equal(["README.md"], GitDiff.UnstagedPaths(repo.Git));
        Assert.Equal(["README.md", "staged.txt"], GitStatus.ChangedPaths(repo.Git).Order(StringComparer.Ordinal));
        Assert.Contains("+changed", Encoding.UTF8.GetString(GitDiff.PatchFromHead(repo.Git)), StringComparison.Ordinal);

        GitIndex.RemoveCached(repo.Git, "staged.txt");
        GitIndex.RemoveCached(repo.Git, "not-there.txt");
        Assert.Empty(GitStatus.Changes(repo.Git).Staged);
    }

    [Fact]
    public void Index_entries_are_reset_refreshed_checked_out_and_listed()
    {
        using var repo = new GitRepoFixture();
        repo.Write("sub/.gitattributes", "*.bin -text\n");
        repo.Write("untracked/.gitattributes", "*.x -text\n");
        GitIndex.Add(repo.Git, ["sub"]);

        Assert.Equal(["sub/.gitattributes"], GitIndex.ListFiles(repo.Git, ":(glob)**/.gitattributes"));
        Assert.Equal(["sub/.gitattributes", "untracked/.gitattributes"], GitIndex.ListFiles(repo.Git, ":(glob)**/.gitattributes", untracked: true).Order(StringComparer.Ordinal));

        File.Delete(Path.Combine(repo.Path, "README.md"));
        var readme = IndexEntry.ReadAll(repo.Git, ["README.md"]);
        GitIndex.ResetEntries(repo.Git, readme);
        GitIndex.CheckOut(repo.Git, [Encoding.UTF8.GetBytes("README.md")]);
        Assert.Equal("test\n", File.ReadAllText(Path.Combine(repo.Path, "README.md")));
        Assert.Empty(GitDiff.UnstagedPaths(repo.Git));

        repo.Write("README.md", "changed\n");
        GitIndex.Refresh(repo.Git); // a modified file is no error
        Assert.Equal([GitObjects.BlobId("changed\n"u8, null)], GitObjects.HashFiles(repo.Git, [Encoding.UTF8.GetBytes("README.md")])!);
        Assert.Null(GitObjects.HashFiles(repo.Git, [Encoding.UTF8.GetBytes("missing.txt")]));
        Assert.Throws<GitException>(() => GitIndex.CheckOut(repo.Git, [Encoding.UTF8.GetBytes("missing.txt")]));
    }

    [Fact]
    public void Config_values_are_set_read_and_removed_in_one_file()
    {
        using var repo = new GitRepoFixture();
        var local = GitConfigFile.Of(GitConfigScope.Local);
        var committed = GitConfigFile.AtPath(".mlconfig");

        GitConfig.Set(repo.Git, committed, "ml-remote.a.url", "/tmp/a");
        GitConfig.Set(repo.Git, local, "ml.remote", "a");
        Assert.Equal("/tmp/a", GitConfig.ReadValue(repo.Git, "ml-remote.a.url", committed));
        Assert.Null(GitConfig.ReadValue(repo.Git, "ml-remote.a.url", local));
        Assert.Equal("a", GitConfig.ReadValue(repo.Git, "ml.remote"));

        Assert.True(GitConfig.TryUnset(repo.Git, local, "ml.remote"));
        Assert.False(GitConfig.TryUnset(repo.Git, local, "ml.remote"));
        Assert.Null(GitConfig.ReadValue(repo.Git, "ml.remote"));
        Assert.Throws<GitException>(() => GitConfig.UnsetAll(repo.Git, local, "ml.remote"));
        Assert.False(GitConfig.TryUnsetAll(repo.Git, local, "ml.remote"));

        Assert.True(GitConfig.TryRemoveSection(repo.Git, committed, "ml-remote.a"));
        Assert.False(GitConfig.TryRemoveSection(repo.Git, committed, "ml-remote.a"));
        Assert.Null(GitConfig.ReadValue(repo.Git, "ml-remote.a.url", committed));
    }

    [Fact]
    public void Objects_in_history_are_listed_with_their_paths_leaving_out_large_blobs()
    {
        using var repo = new GitRepoFixture();
        repo.Write("small.txt", "s\n");
        repo.Write("large.txt", new string('x', 5000));
        GitIndex.Add(repo.Git, ["small.txt", "large.txt"]);
        repo.Git.Check(["commit", "-q", "-m", "two"]);

        var objects = GitObjectListing.SmallObjectsInHistory(repo.Git, ["HEAD"], 1024);

        Assert.Equal("small.txt", objects[GitObjects.BlobId("s\n"u8, null)]);
        Assert.Equal("README.md", objects[GitObjects.BlobId("test\n"u8, null)]);
        Assert.DoesNotContain("large.txt", objects.Values);
        Assert.DoesNotContain("", objects.Values); // commits and root trees have no path
        Assert.Throws<GitException>(() => GitObjectListing.SmallObjectsInHistory(repo.Git, ["no-such-rev"], 1024));
    }

    [Fact]
    public void Changed_paths_name_both_sides_of_a_staged_rename_and_every_modified_or_deleted_file()
    {
        using var repo = new GitRepoFixture();
        repo.Write("dir/original name.txt", "a file long enough for git to see the rename\n" + new string('x', 200));
        repo.Write("kept.txt", "kept\n");
        repo.Write("gone.txt", "gone\n");
        repo.Git.Check(["add", "."]);
        repo.Git.Check(["commit", "-qm", "files"]);
        Assert.Empty(GitStatus.ChangedPaths(repo.Git));

        repo.Git.Check(["mv", "dir/original name.txt", "dir/renamed.txt"]);
        repo.Write("kept.txt", "changed\n");
        File.Delete(System.IO.Path.Combine(repo.Path, "gone.txt"));
        repo.Write("untracked.txt", "never listed\n");

        Assert.Equal(["dir/original name.txt", "dir/renamed.txt", "gone.txt", "kept.txt"], GitStatus.ChangedPaths(repo.Git).Order(StringComparer.Ordinal));
    }
}
