using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>git ml install/uninstall against real git config files and hooks folders.</summary>
public sealed class InstallTests : IDisposable
{
    private readonly Sandbox _sandbox = new(installGitMl: false);

    public void Dispose() => _sandbox.Dispose();

    private string GlobalConfig => Path.Combine(_sandbox.Home, ".gitconfig");

    [Fact]
    public void Installing_twice_changes_nothing_the_second_time()
    {
        string repo = _sandbox.CreateRepository();
        _sandbox.GitMl(repo, "install").EnsureSuccess("first install");
        string config = File.ReadAllText(GlobalConfig);
        var hooks = Snapshot(Path.Combine(repo, ".git", "hooks"));

        var second = _sandbox.GitMl(repo, "install").EnsureSuccess("second install");

        Assert.Contains("nothing changed", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(config, File.ReadAllText(GlobalConfig));
        Assert.Equal(hooks, Snapshot(Path.Combine(repo, ".git", "hooks")));
        Assert.Equal("git-ml filter-process", _sandbox.Git(repo, "config", "--global", "filter.ml.process").Stdout.Trim());
        Assert.Equal("true", _sandbox.Git(repo, "config", "--global", "filter.ml.required").Stdout.Trim());
    }

    [Fact]
    public void Installed_hooks_are_the_shims_in_the_repository_hooks_folder_byte_for_byte()
    {
        string repo = _sandbox.CreateRepository();
        _sandbox.GitMl(repo, "install", "--local").EnsureSuccess("install");
        foreach (string hook in new[] { "pre-commit", "post-checkout", "post-merge", "pre-push" })
        {
            string installed = Path.Combine(repo, ".git", "hooks", hook);
            Assert.Equal(File.ReadAllBytes(Path.Combine(GitMlBinary.RepositoryRoot, "hooks", hook)), File.ReadAllBytes(installed));
            Assert.True((File.GetUnixFileMode(installed) & UnixFileMode.UserExecute) != 0, $"{hook} must be executable");
        }
    }

    [Fact]
    public void Uninstall_leaves_config_and_hooks_exactly_as_they_were_before_install()
    {
        string repo = _sandbox.CreateRepository();
        _sandbox.Git(repo, "config", "--global", "core.editor", "vim").EnsureSuccess("config");
        _sandbox.Git(repo, "config", "--global", "filter.other.clean", "cat").EnsureSuccess("config");
        string hooksDir = Path.Combine(repo, ".git", "hooks");
        string foreign = Path.Combine(hooksDir, "pre-commit");
        File.WriteAllText(foreign, "#!/bin/sh\necho foreign pre-commit ran\n");
        File.SetUnixFileMode(foreign, (UnixFileMode)0b111_101_101);
        string configBefore = File.ReadAllText(GlobalConfig);
        string localBefore = File.ReadAllText(Path.Combine(repo, ".git", "config"));
        var hooksBefore = Snapshot(hooksDir);

        _sandbox.GitMl(repo, "install").EnsureSuccess("install");
        Assert.NotEqual(configBefore, File.ReadAllText(GlobalConfig));
        _sandbox.GitMl(repo, "uninstall").EnsureSuccess("uninstall");

        Assert.Equal(configBefore, File.ReadAllText(GlobalConfig));
        Assert.Equal(localBefore, File.ReadAllText(Path.Combine(repo, ".git", "config")));
        Assert.Equal(hooksBefore, Snapshot(hooksDir));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(foreign));
    }

    [Fact]
    public void A_foreign_pre_commit_hook_keeps_running_after_git_ml_checks_and_can_still_block()
    {
        string repo = _sandbox.CreateRepository();
        string hook = Path.Combine(repo, ".git", "hooks", "pre-commit");
        string marker = Path.Combine(repo, "..", "foreign-ran");
        File.WriteAllText(hook, $"#!/bin/sh\ntouch '{marker}'\n[ -f .block ] && {{ echo 'foreign hook says no' >&2; exit 3; }}\nexit 0\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);

        var install = _sandbox.GitMl(repo, "install").EnsureSuccess("install");
        Assert.Contains("pre-commit.git-ml-chained", install.Stdout, StringComparison.Ordinal);

        Files.Write(Path.Combine(repo, "a.txt"), "hello\n");
        _sandbox.Git(repo, "add", "a.txt").EnsureSuccess("add");
        _sandbox.Git(repo, "commit", "-qm", "one").EnsureSuccess("commit with foreign hook passing");
        Assert.True(File.Exists(marker), "the foreign hook must have run");

        Files.Write(Path.Combine(repo, ".block"), "x\n");
        Files.Write(Path.Combine(repo, "b.txt"), "more\n");
        _sandbox.Git(repo, "add", "b.txt").EnsureSuccess("add");
        var blocked = _sandbox.Git(repo, "commit", "-qm", "two");
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("foreign hook says no", blocked.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_refuses_to_overwrite_a_filter_setting_it_does_not_own_and_changes_nothing()
    {
        string repo = _sandbox.CreateRepository();
        _sandbox.Git(repo, "config", "--global", "filter.ml.process", "my-own-filter").EnsureSuccess("config");
        string before = File.ReadAllText(GlobalConfig);

        var result = _sandbox.GitMl(repo, "install");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("filter.ml.process", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("my-own-filter", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--unset-all filter.ml.process", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(GlobalConfig));
        Assert.False(File.Exists(Path.Combine(repo, ".git", "hooks", "pre-commit")));
    }

    [Fact]
    public void Hooks_go_to_core_hooksPath_when_it_is_set()
    {
        string repo = _sandbox.CreateRepository();
        _sandbox.Git(repo, "config", "core.hooksPath", ".githooks").EnsureSuccess("config");
        _sandbox.GitMl(repo, "install", "--local").EnsureSuccess("install");
        Assert.True(File.Exists(Path.Combine(repo, ".githooks", "pre-commit")));
        Assert.False(File.Exists(Path.Combine(repo, ".git", "hooks", "pre-commit")));
    }

    [Fact]
    public void Install_reports_its_changes_as_json()
    {
        string repo = _sandbox.CreateRepository();
        var result = _sandbox.GitMl(repo, "install", "--local", "--json").EnsureSuccess("install");
        using var doc = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.True(doc.RootElement.GetProperty("changed").GetBoolean());
        Assert.Equal("local", doc.RootElement.GetProperty("scope").GetString());
    }

    private static SortedDictionary<string, string> Snapshot(string directory) =>
        new(Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f))
            : new Dictionary<string, string>(), StringComparer.Ordinal);
}
