using GitMl.Core.Filters;
using GitMl.Core.Hooks;
using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tests.Filters;

/// <summary>When smudge may leave a large file for the post-checkout hook, decided from the git command line.</summary>
public sealed class LargeFileHandOffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("git-ml-handoff-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("git checkout -- big.bin", "checkout")]
    [InlineData("git -C /repo -c core.autocrlf=false checkout -q main", "checkout")]
    [InlineData("git --git-dir /r/.git --work-tree /r switch b", "switch")]
    [InlineData("git --no-pager --git-dir=/r/.git restore f", "restore")]
    [InlineData("/usr/bin/git clone -q a b", "clone")]
    [InlineData("/usr/lib/git-core/git-checkout main", "checkout")]
    [InlineData("git -c a=b", null)]
    [InlineData("python3 bench.py", null)]
    [InlineData("git", null)]
    public void The_subcommand_is_found_past_global_options(string commandLine, string? expected) =>
        Assert.Equal(expected, LargeFileHandOff.GitSubcommand(commandLine.Split(' ')));

    [Theory]
    [InlineData("sh -c git-ml filter-process", true)]
    [InlineData("/bin/sh -c git-ml filter-process", true)]
    [InlineData("/bin/bash -c x", true)]
    [InlineData("git checkout", false)]
    [InlineData("sh script.sh", false)]
    public void A_shell_running_a_command_string_is_looked_past(string commandLine, bool expected) =>
        Assert.Equal(expected, LargeFileHandOff.IsShell(commandLine.Split(' ')));

    [Theory]
    [InlineData("git checkout -- big.bin", true)]
    [InlineData("git switch main", true)]
    [InlineData("git restore big.bin", true)]
    [InlineData("git clone a b", true)]
    [InlineData("git reset --hard", false)]
    [InlineData("git merge topic", false)]
    [InlineData("git stash pop", false)]
    [InlineData("/usr/bin/time git-ml filter-process", false)]
    public void Only_commands_followed_by_post_checkout_hand_off(string commandLine, bool expected)
    {
        WriteHook("#!/bin/sh\n" + HookNames.ShimMarker + "\nexec git-ml hook post-checkout \"$@\"\n", executable: true);
        Assert.Equal(expected, LargeFileHandOff.ForSession(Layout(), 1024, commandLine.Split(' ')) is not null);
    }

    [Fact]
    public void No_hand_off_when_post_checkout_is_not_git_mls_or_not_executable_or_missing()
    {
        string[] checkout = ["git", "checkout", "main"];
        Assert.Null(LargeFileHandOff.ForSession(Layout(), 1024, checkout));
        WriteHook("#!/bin/sh\necho mine\n", executable: true);
        Assert.Null(LargeFileHandOff.ForSession(Layout(), 1024, checkout));
        WriteHook("#!/bin/sh\n" + HookNames.ShimMarker + "\n", executable: false);
        Assert.Null(LargeFileHandOff.ForSession(Layout(), 1024, checkout));
    }

    [Fact]
    public void A_threshold_of_zero_turns_it_off_and_a_size_at_the_threshold_applies()
    {
        WriteHook("#!/bin/sh\n" + HookNames.ShimMarker + "\n", executable: true);
        Assert.Null(LargeFileHandOff.ForSession(Layout(), 0, ["git", "checkout"]));
        var handOff = LargeFileHandOff.ForSession(Layout(), 1024, ["git", "checkout"])!;
        var oid = ObjectId.Parse(new string('a', 64));
        Assert.True(handOff.Applies(new Pointer(oid, 1024), "model.bin"));
        Assert.False(handOff.Applies(new Pointer(oid, 1023), "model.bin"));
        // A name git sent that is not UTF-8 streams through git, which writes it under its exact name.
        Assert.False(handOff.Applies(new Pointer(oid, 1024), "lat\uFFFD.bin"));
    }

    [Fact]
    public void This_process_has_a_parent_command_line()
    {
        var argv = LargeFileHandOff.ParentCommandLine();
        Assert.NotNull(argv);
        Assert.NotEmpty(argv[0]);
    }

    private RepositoryLayout Layout() => new(_dir, Path.Combine(_dir, ".git"), Path.Combine(_dir, ".git"), Path.Combine(_dir, "hooks"));

    private void WriteHook(string content, bool executable)
    {
        string hook = Path.Combine(_dir, "hooks", HookNames.PostCheckout);
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        }
    }
}
