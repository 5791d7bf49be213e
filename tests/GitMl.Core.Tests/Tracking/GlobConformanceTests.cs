using System.Diagnostics;
using GitMl.Core.Tracking;

namespace GitMl.Core.Tests.Tracking;

/// <summary>
/// Pattern lists matched as git matches the lines of a top-level .gitignore: each case is asserted for git-ml and
/// then asked of the real git (`git check-ignore --no-index`), so the table itself is git's answer, not ours.
/// </summary>
public sealed class GlobConformanceTests
{
    public static TheoryData<string[], string, bool> Cases() => new()
    {
        // '**' spans folders only as a whole segment; anywhere else it is one '*'.
        { ["data/**.csv"], "data/a/b.csv", false },
        { ["data/**.csv"], "data/b.csv", true },
        { ["data/**/*.csv"], "data/a/b.csv", true },
        { ["data/**/*.csv"], "data/b.csv", true },
        { ["**/x.bin"], "x.bin", true },
        { ["**/x.bin"], "a/b/x.bin", true },
        { ["**/**/x"], "x", true },
        { ["a/**"], "a", false },
        { ["a/**"], "a/b/c", true },
        { ["**"], "anything/deep", true },
        { ["a**b"], "axb", true },
        { ["a**b"], "ax/yb", false },
        { ["a/**b"], "a/x/b", false },
        { ["a/**b"], "a/xb", true },
        { ["foo/**/bar"], "foo/bar", true },
        { ["foo/**/bar"], "foo/a/b/bar", true },
        { ["foo/**/bar"], "foo/abar", false },
        { ["**/"], "a/b", true },
        { ["**/"], "a", false },
        { ["a/**/"], "a/b/c", true },
        // '?' and '*' stay within a segment; '?' is one byte of UTF-8, as in git.
        { ["?"], "a", true },
        { ["a?c"], "a/c", false },
        { ["caf?.csv"], "caf\u00e9.csv", false },
        { ["caf??.csv"], "caf\u00e9.csv", true },
        { ["*"], "a/b", true },
        { ["a*"], "ab/c", true },
        { ["*a*a*a*a*a*a*a*a*a*a*a*a*b"], new string('a', 200), false },
        // Bracket expressions.
        { ["[[:digit:]]*.txt"], "1a.txt", true },
        { ["[[:digit:]]*.txt"], "a1.txt", false },
        { ["[[:alpha:]][[:digit:]]"], "a1", true },
        { ["[[:upper:]][[:lower:]]"], "Ab", true },
        { ["[[:upper:]][[:lower:]]"], "aB", false },
        { ["x[[:space:]]y"], "x y", true },
        { ["x[[:space:]]y"], "x\vy", false },
        { ["x[[:punct:]]y"], "x-y", true },
        { ["x[[:xdigit:]]y"], "xFy", true },
        { ["x[[:xdigit:]]y"], "xgy", false },
        { ["x[[:foo:]]y"], "xfy", false },
        { ["[[:digit]"], "d", true },
        { ["[[:digit]"], "x", false },
        { ["x[!a]y"], "x/y", false },
        { ["x[!a]y"], "xby", true },
        { ["x[^a]y"], "xay", false },
        { ["[]]x"], "]x", true },
        { ["[a-c]x"], "bx", true },
        { ["[a-c]x"], "dx", false },
        { ["[a-]x"], "-x", true },
        { ["[abc"], "[abc", false },
        { ["\\[x]"], "[x]", true },
        { ["a\\*b"], "a*b", true },
        { ["a\\*b"], "axb", false },
        { ["\\!x"], "!x", true },
        { ["\\#x"], "#x", true },
        // Anchoring: a slash before the end anchors at the top; a trailing slash means folders only.
        { ["*.csv"], "a/b/c.csv", true },
        { ["/*.csv"], "a/c.csv", false },
        { ["/*.csv"], "c.csv", true },
        { ["a/*.csv"], "x/a/c.csv", false },
        { ["doc/"], "doc/x", true },
        { ["doc/"], "doc", false },
        { ["doc/"], "a/doc/x", true },
        { ["a/b/"], "a/b/c", true },
        { ["a/b/"], "x/a/b/c", false },
        // Negation: the last matching line decides, and nothing comes back out of an excluded folder.
        { ["*.log", "!keep.log"], "keep.log", false },
        { ["*.log", "!keep.log"], "a/keep.log", false },
        { ["*.log", "!keep.log"], "a/other.log", true },
        { ["logs/", "!logs/keep.log"], "logs/keep.log", true },
        { ["logs/*", "!logs/keep.log"], "logs/keep.log", false },
        { ["logs/*", "!logs/keep.log"], "logs/a/keep.log", true },
        { ["!x"], "x", false },
        { ["!x", "x"], "x", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_as_git_ignores(string[] lines, string path, bool expected) =>
        Assert.Equal(expected, new GlobList(lines).IsMatch(path));

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_table_is_what_git_check_ignore_says(string[] lines, string path, bool expected)
    {
        using var dir = new TempDirectory();
        Git(dir.Path, "init", "-q");
        File.WriteAllText(dir.Combine(".gitignore"), string.Join('\n', lines) + "\n");
        // Exit 0: the path is ignored; 1: it is not.
        int exit = Git(dir.Path, "check-ignore", "-q", "--no-index", "--", path);
        Assert.True(exit is 0 or 1, $"git check-ignore failed ({exit})");
        Assert.Equal(expected, exit == 0);
    }

    [Fact]
    public void A_single_pattern_matches_regardless_of_its_negation()
    {
        Assert.True(new GlobPattern("!*.log").IsMatch("a/b.log"));
        Assert.False(new GlobList(["!*.log"]).IsMatch("a/b.log"));
    }

    private static int Git(string cwd, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var git = Process.Start(start)!;
        git.StandardOutput.ReadToEnd();
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode;
    }
}
