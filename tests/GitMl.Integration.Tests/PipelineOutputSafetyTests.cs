using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml repro` deletes a stage's outputs before running it, so the outputs a pipeline declares decide what
/// git-ml deletes. A pipeline from someone else (a clone, a merge) that names Git's directory, the working tree
/// itself, a path reached through a symbolic link, or content Git tracks is refused before anything runs, and
/// nothing is deleted. Each test sets up a repository with history, a stored object, a hook and an uncommitted
/// edit, and checks all of them survive.
/// </summary>
public sealed class PipelineOutputSafetyTests : IDisposable
{
    private const string Edited = "print('uncommitted work')\n";

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _outside;
    private readonly string _storedObject;

    public PipelineOutputSafetyTests()
    {
        _repo = _sandbox.CreateRepository();
        _outside = _sandbox.PathOf("outside");
        Files.Write(Path.Combine(_outside, "precious.txt"), "not the pipeline's\n");
        Files.Write(Path.Combine(_repo, "src/main.py"), "print('committed')\n");
        Files.Write(Path.Combine(_repo, ".gitattributes"), "*.bin filter=ml diff=ml merge=ml -text\n");
        string oid = Files.WriteRandom(Path.Combine(_repo, "data/weights.bin"), 4096);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "code and data").EnsureSuccess("commit");
        _storedObject = Files.ObjectPath(_repo, oid);
        Assert.True(File.Exists(_storedObject), "the test needs an object in the store");
        Files.Write(Path.Combine(_repo, ".git/hooks/keep-me"), "a hook file\n");
        File.WriteAllText(Path.Combine(_repo, "src/main.py"), Edited);
    }

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData(".git", "Git's own directory")]
    [InlineData(".git/ml", "Git's own directory")]
    [InlineData(".git/hooks", "Git's own directory")]
    [InlineData("sub/../.git", "Git's own directory")]
    [InlineData(".", "the top of the working tree")]
    [InlineData("./", "the top of the working tree")]
    [InlineData("", "the top of the working tree")]
    [InlineData("ml.yaml", "the pipeline file")]
    public void An_output_in_Git_s_directory_or_the_working_tree_itself_is_refused_before_anything_runs(string output, string why)
    {
        var repro = ReproWith($"\"{output}\"");

        AssertRefused(repro, $"output '{output}'", why);
    }

    [Fact]
    public void A_tracked_source_folder_is_refused_and_its_uncommitted_edit_survives()
    {
        var repro = ReproWith("src");

        AssertRefused(repro, "output 'src'", "Git tracks src/main.py");
        Assert.Contains("already tracked by SCM", repro.Stderr, StringComparison.Ordinal);
        Assert.Contains("git rm -r --cached src", repro.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_into_Git_s_directory_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_repo, "hooks"), ".git/hooks");

        var repro = ReproWith("hooks");

        AssertRefused(repro, "output 'hooks'", "Git's own directory");
        Assert.True(File.Exists(Path.Combine(_repo, "hooks/keep-me")), "the link itself is left as it was");
    }

    [Fact]
    public void A_symbolic_link_out_of_the_working_tree_is_refused_as_an_output_and_as_a_parent()
    {
        File.CreateSymbolicLink(Path.Combine(_repo, "ext"), _outside);

        AssertRefused(ReproWith("ext"), "output 'ext'", "outside the working tree");
        AssertRefused(ReproWith("ext/precious.txt"), "output 'ext/precious.txt'", "outside the working tree");
    }

    [Fact]
    public void Every_refused_output_is_named_at_once()
    {
        var repro = ReproWith(".git", "\".\"", "src");

        AssertRefused(repro, "output '.git'", "Git's own directory");
        Assert.Contains("output '.'", repro.Stderr, StringComparison.Ordinal);
        Assert.Contains("output 'src'", repro.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_reports_the_refusal_without_deleting_anything()
    {
        Write("ml.yaml", Pipeline(".git"));

        // Exit 1: status found a problem (docs/exit-codes.md), and still reports the rest.
        var status = _sandbox.GitMl(_repo, "status");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("Pipeline: cannot be read", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("output '.git'", status.Stdout, StringComparison.Ordinal);
        AssertNothingLost();
    }

    [Fact]
    public void A_cache_false_output_Git_tracks_is_rewritten_by_its_stage_and_never_deleted_by_git_ml()
    {
        // Committed metrics with cache: false are DVC's usual layout: allowed. git-ml leaves them to the command.
        Write("notes.txt", "committed notes\n");
        _sandbox.Git(_repo, "add", "notes.txt").EnsureSuccess("add notes");
        _sandbox.Git(_repo, "commit", "-qm", "notes").EnsureSuccess("commit notes");
        Write("notes.txt", "my uncommitted notes\n");
        Write("p.txt", "a\n");
        Write("ml.yaml", """
            stages:
              keep:
                cmd: "true"
                deps: [p.txt]
                outs:
                - notes.txt:
                    cache: false
            """);

        _sandbox.GitMl(_repo, "repro").EnsureSuccess("first repro");
        Assert.Equal("my uncommitted notes\n", File.ReadAllText(Path.Combine(_repo, "notes.txt")));

        Write("p.txt", "b\n");
        _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro with b");
        Write("notes.txt", "edited again\n");
        Write("p.txt", "a\n");

        // The run cache knows the run with "a", but notes.txt no longer holds what git-ml recorded: it runs instead.
        var back = _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro back to a");

        Assert.DoesNotContain("run cache", back.Stdout, StringComparison.Ordinal);
        Assert.Equal("edited again\n", File.ReadAllText(Path.Combine(_repo, "notes.txt")));
    }

    /// <summary>A pipeline whose first stage writes a marker and whose second declares the given outputs.</summary>
    private static string Pipeline(params string[] outputs) =>
        "stages:\n  first:\n    cmd: echo ran > first.out\n    outs: [first.out]\n" +
        "  wipe:\n    cmd: echo ran > wipe.out\n    deps: [first.out]\n    outs:\n" + string.Concat(outputs.Select(o => $"    - {o}\n"));

    private ProcessResult ReproWith(params string[] outputs)
    {
        Write("ml.yaml", Pipeline(outputs));
        return _sandbox.GitMl(_repo, "repro");
    }

    private void AssertRefused(ProcessResult repro, string output, string why)
    {
        Assert.Equal(2, repro.ExitCode);
        Assert.Contains("ml.yaml:5: stage wipe: ", repro.Stderr, StringComparison.Ordinal);
        Assert.Contains(output, repro.Stderr, StringComparison.Ordinal);
        Assert.Contains(why, repro.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was run or deleted", repro.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "first.out")), "no stage may run, not even one the refused output does not concern");
        Assert.False(File.Exists(Path.Combine(_repo, "wipe.out")));
        AssertNothingLost();
    }

    private void AssertNothingLost()
    {
        _sandbox.Git(_repo, "rev-parse", "--verify", "HEAD").EnsureSuccess("history survives");
        _sandbox.Git(_repo, "cat-file", "-e", "HEAD:src/main.py").EnsureSuccess("committed content survives");
        Assert.True(File.Exists(_storedObject), "the git-ml store survives");
        Assert.True(File.Exists(Path.Combine(_repo, ".git/hooks/keep-me")), "the hooks survive");
        Assert.True(File.Exists(Path.Combine(_repo, "ml.yaml")), "the pipeline file survives");
        Assert.Equal(Edited, File.ReadAllText(Path.Combine(_repo, "src/main.py")));
        Assert.True(File.Exists(Path.Combine(_repo, "data/weights.bin")));
        Assert.Equal("not the pipeline's\n", File.ReadAllText(Path.Combine(_outside, "precious.txt")));
    }

    private void Write(string path, string text) => Files.Write(Path.Combine(_repo, path), text);
}
