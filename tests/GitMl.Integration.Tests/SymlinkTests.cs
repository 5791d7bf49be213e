using System.Security.Cryptography;
using System.Text;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Symbolic links in the working tree are someone else's input: committed links to a file and to a folder outside
/// the working tree, and one into .git, are never followed by a command that reads content (add, model register,
/// log artifact, repro hashing, directory manifests), and no write (pull's materialisation, model get) goes through
/// a symlinked parent folder. Each test asserts that no byte of the outside secret reaches the store or the data
/// remote, and that nothing outside the working tree changed.
/// </summary>
public sealed class SymlinkTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _outside;
    private readonly string _storage;
    private readonly string _secret = "SECRET-" + Guid.NewGuid().ToString("N");
    private readonly string _secretSha;

    public SymlinkTests()
    {
        _outside = _sandbox.PathOf("outside");
        Files.Write(Path.Combine(_outside, "secret.bin"), _secret + "\n");
        Files.Write(Path.Combine(_outside, "folder", "secret.bin"), _secret + " in a folder\n");
        _secretSha = Files.Sha256(Path.Combine(_outside, "secret.bin"));
        _storage = _sandbox.PathOf("storage");
        Directory.CreateDirectory(_storage);
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "init").EnsureSuccess("init");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _storage).EnsureSuccess("remote add");
        Files.Write(Path.Combine(_repo, "README"), "hello\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "first").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private string InRepo(string relative) => Path.Combine(_repo, relative);

    /// <summary>Makes a link at <paramref name="relative"/> (in the repository) to <paramref name="target"/>, as written.</summary>
    private void Link(string relative, string target)
    {
        string full = InRepo(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    /// <summary>A folder holding a real file and the three hostile links: to an outside file, an outside folder, and .git/config.</summary>
    private void HostileFolder(string folder)
    {
        Files.Write(InRepo($"{folder}/real.bin"), "real content\n");
        string up = string.Concat(Enumerable.Repeat("../", folder.Count(c => c == '/') + 2));
        Link($"{folder}/leak.bin", $"{up}outside/secret.bin");
        Link($"{folder}/leakdir", $"{up}outside/folder");
        Link($"{folder}/config.bin", $"{string.Concat(Enumerable.Repeat("../", folder.Count(c => c == '/') + 1))}.git/config");
    }

    /// <summary>No byte of the secret (nor an object named by its hash) is in the local store or the data remote, and the outside folder is as it was.</summary>
    private void AssertNothingLeaked()
    {
        byte[] secret = Encoding.UTF8.GetBytes(_secret);
        foreach (string root in new[] { Path.Combine(_repo, ".git", "ml"), _storage })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }
            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                if (new FileInfo(file).LinkTarget is not null)
                {
                    continue;
                }
                Assert.DoesNotContain(_secretSha, Path.GetFileName(file), StringComparison.Ordinal);
                Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(secret) < 0, $"{file} holds the outside secret");
            }
        }
        Assert.Equal(
            ["folder/secret.bin", "secret.bin"],
            Directory.EnumerateFiles(_outside, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_outside, f)).Order(StringComparer.Ordinal));
        Assert.Equal(_secret + "\n", File.ReadAllText(Path.Combine(_outside, "secret.bin")));
        Assert.Equal(_secret + " in a folder\n", File.ReadAllText(Path.Combine(_outside, "folder", "secret.bin")));
    }

    private static void AssertRefusedLink(ProcessResult result, string path)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("symbolic link", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_stores_links_as_links_and_push_sends_nothing_of_what_they_point_to()
    {
        HostileFolder("data");
        _sandbox.GitMl(_repo, "add", "data").EnsureSuccess("add data");
        _sandbox.GitMl(_repo, "add", "data/leak.bin", "data/leakdir").EnsureSuccess("add the links by name");
        _sandbox.Git(_repo, "commit", "-qm", "links").EnsureSuccess("commit");
        _sandbox.GitMl(_repo, "push").EnsureSuccess("push");

        string tree = _sandbox.Git(_repo, "ls-files", "-s", "data").EnsureSuccess("ls-files").Stdout;
        Assert.Contains("120000", tree.Split('\n').Single(l => l.EndsWith("data/leak.bin", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("120000", tree.Split('\n').Single(l => l.EndsWith("data/leakdir", StringComparison.Ordinal)), StringComparison.Ordinal);
        AssertNothingLeaked();
    }

    [Theory]
    [InlineData("models/m", "models/m/")]
    [InlineData("models/m/leakdir", "models/m/leakdir")]
    [InlineData("models/m/leak.bin", "models/m/leak.bin")]
    [InlineData("models/m/config.bin", "models/m/config.bin")]
    public void Model_register_refuses_a_link_in_or_as_what_it_stores(string path, string named)
    {
        HostileFolder("models/m");
        var register = _sandbox.GitMl(_repo, "model", "register", "m", path, "-m", "hostile");

        AssertRefusedLink(register, named);
        AssertNothingLeaked();
        Assert.Equal(0, _sandbox.GitMl(_repo, "model", "list", "--json").EnsureSuccess("list").Stdout.Split("\"name\"").Length - 1);
    }

    [Theory]
    [InlineData("out")]
    [InlineData("out/leak.bin")]
    [InlineData("out/leakdir")]
    [InlineData("out/config.bin")]
    public void Log_artifact_never_stores_what_a_link_points_to(string artifact)
    {
        HostileFolder("out");
        Files.Write(InRepo(".gitignore"), "out/\n");
        _sandbox.Git(_repo, "add", ".gitignore").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "ignore").EnsureSuccess("commit");

        var run = _sandbox.GitMl(_repo, "run", "--", "git", "ml", "log", "artifact", artifact);

        // The run happened and is recorded; the artifact is left out with a warning naming the link.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{artifact}' left out: '", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("symbolic link", run.Stderr, StringComparison.Ordinal);
        _sandbox.GitMl(_repo, "push");
        AssertNothingLeaked();
    }

    [Theory]
    [InlineData("data/leak.bin", "data/leak.bin")]
    [InlineData("data/leakdir", "data/leakdir")]
    [InlineData("data", "data/")]
    [InlineData("data/config.bin", "data/config.bin")]
    public void Repro_refuses_to_hash_a_dependency_through_a_link(string dependency, string named)
    {
        HostileFolder("data");
        Files.Write(InRepo("ml.yaml"), $"stages:\n  s:\n    cmd: echo ran > result.txt\n    deps: [{dependency}]\n    outs: [result.txt]\n");

        var repro = _sandbox.GitMl(_repo, "repro");

        AssertRefusedLink(repro, named);
        AssertNothingLeaked();
    }

    [Theory]
    [InlineData("ln -s ../outside/secret.bin result.bin", "result.bin")]
    [InlineData("ln -s ../outside/folder result.bin", "result.bin")]
    [InlineData("mkdir -p result.bin && echo real > result.bin/real && ln -s ../../outside/secret.bin result.bin/leak", "result.bin/leak")]
    [InlineData("mkdir -p result.bin && ln -s ../../outside/folder result.bin/leakdir", "result.bin/leakdir")]
    [InlineData("ln -s .git result.bin", "result.bin")]
    public void Repro_refuses_to_store_an_output_that_is_or_holds_a_link(string command, string named)
    {
        Files.Write(InRepo("ml.yaml"), $"stages:\n  s:\n    cmd: {command}\n    outs: [result.bin]\n");

        var repro = _sandbox.GitMl(_repo, "repro");

        AssertRefusedLink(repro, named);
        AssertNothingLeaked();
    }

    [Fact]
    public void Pull_never_writes_or_deletes_through_a_symlinked_parent_folder()
    {
        // A committed large file d/model.bin; a clone without its content has the pointer there.
        string origin = _sandbox.CreateBareRemote();
        _sandbox.Git(_repo, "remote", "add", "origin", origin).EnsureSuccess("remote add");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        Files.WriteRandom(InRepo("d/model.bin"), 20_000);
        Files.WriteRandom(InRepo("e/big.bin"), 200_000, seed: 2);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "model").EnsureSuccess("commit");
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("push");

        string clone = _sandbox.PathOf("clone");
        _sandbox.Run("git", ["clone", "-q", origin, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");
        _sandbox.Git(clone, "config", "ml.largeCheckoutSize", "100000").EnsureSuccess("large size");
        // The folders are replaced by links to an outside folder holding the same pointers.
        string victim = _sandbox.PathOf("victim");
        Directory.CreateDirectory(victim);
        byte[] small = File.ReadAllBytes(Path.Combine(clone, "d", "model.bin"));
        byte[] large = File.ReadAllBytes(Path.Combine(clone, "e", "big.bin"));
        File.WriteAllBytes(Path.Combine(victim, "model.bin"), small);
        File.WriteAllBytes(Path.Combine(victim, "big.bin"), large);
        Directory.Delete(Path.Combine(clone, "d"), recursive: true);
        Directory.Delete(Path.Combine(clone, "e"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(clone, "d"), victim);
        File.CreateSymbolicLink(Path.Combine(clone, "e"), victim);

        var pull = _sandbox.GitMl(clone, "pull");

        Assert.Equal(1, pull.ExitCode);
        Assert.Contains("symbolic link", pull.Stderr, StringComparison.Ordinal);
        Assert.Equal(small, File.ReadAllBytes(Path.Combine(victim, "model.bin")));
        Assert.Equal(large, File.ReadAllBytes(Path.Combine(victim, "big.bin")));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(victim).Count());
    }

    [Fact]
    public void Model_get_never_writes_through_a_symlinked_folder_under_its_output()
    {
        Files.Write(InRepo("models/m/sub/weights.bin"), "weights\n");
        Files.Write(InRepo("models/m/top.bin"), "top\n");
        _sandbox.GitMl(_repo, "model", "register", "m", "models/m", "-m", "dir").EnsureSuccess("register");
        string victim = _sandbox.PathOf("victim");
        Directory.CreateDirectory(victim);
        Directory.CreateDirectory(InRepo("got"));
        File.CreateSymbolicLink(InRepo("got/sub"), victim);

        var get = _sandbox.GitMl(_repo, "model", "get", "models:/m/1", "-o", "got");

        AssertRefusedLink(get, "sub");
        Assert.Empty(Directory.EnumerateFileSystemEntries(victim));
    }
}
