using System.Diagnostics;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>Real processes killed mid-write, and real concurrent writers.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public CrashTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _sandbox.Git(_repo, "add", ".gitattributes").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "init").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("filter")]
    [InlineData("git")]
    public void Git_add_killed_while_streaming_leaves_no_wrong_object_and_the_next_add_succeeds(string victim)
    {
        string file = Path.Combine(_repo, "big.bin");
        string sha = Files.WriteRandom(file, 1L << 30, seed: 3);
        string tmp = Path.Combine(_repo, ".git", "ml", "tmp");

        using var add = _sandbox.Start("git", ["add", "big.bin"], _repo);
        add.StandardInput.Close();
        int filter = 0;
        Assert.True(WaitFor(() => (filter = FilterProcessUnder(add.Id)) != 0, TimeSpan.FromSeconds(30)), "git never started the filter");
        // The filter streams a cached gigabyte in a fraction of a second: freeze it as soon as its temporary file
        // has content, check that it is mid-stream, then kill.
        Assert.True(WaitFor(() => Directory.Exists(tmp) && Directory.GetFiles(tmp).Any(f => new FileInfo(f).Length > 0), TimeSpan.FromSeconds(60)),
            "the filter never started writing");
        Signal(filter, SigStop);
        long written = Directory.GetFiles(tmp).Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max();
        Assert.InRange(written, 1, (1L << 30) - 1);
        Signal(victim == "git" ? add.Id : filter, SigKill);
        _ = SendSignal(filter, SigCont); // Lets a frozen survivor see what happened; fails harmlessly when it is gone.
        add.WaitForExit();
        WaitFor(() => !Process.GetProcesses().Any(p => p.Id == filter), TimeSpan.FromSeconds(10));

        Assert.NotEqual(0, add.ExitCode);
        Assert.False(File.Exists(Files.ObjectPath(_repo, sha)), "an incomplete object was published under its final name");
        if (victim == "git")
        {
            // Git's own lock, left by the killed git; git's message tells users to remove it, as we do.
            File.Delete(Path.Combine(_repo, ".git", "index.lock"));
        }
        AssertEveryObjectIsWhatItsNameSays();

        _sandbox.Git(_repo, "add", "big.bin").EnsureSuccess("add after the crash");
        Assert.Equal(sha, Files.Sha256(Files.ObjectPath(_repo, sha)));
        _sandbox.Git(_repo, "commit", "-qm", "big").EnsureSuccess("commit");
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);
    }

    [Fact]
    public void Two_adds_of_the_same_200MB_file_in_two_worktrees_at_once_both_succeed_with_one_correct_object()
    {
        string other = _sandbox.PathOf("wt");
        _sandbox.Git(_repo, "worktree", "add", "-q", other, "-b", "other").EnsureSuccess("worktree");
        string sha = Files.WriteRandom(Path.Combine(_repo, "same.bin"), 200 << 20, seed: 9);
        File.Copy(Path.Combine(_repo, "same.bin"), Path.Combine(other, "same.bin"));

        using var first = _sandbox.Start("git", ["add", "same.bin"], _repo);
        using var second = _sandbox.Start("git", ["add", "same.bin"], other);
        first.StandardInput.Close();
        second.StandardInput.Close();
        string firstErr = first.StandardError.ReadToEnd();
        string secondErr = second.StandardError.ReadToEnd();
        first.WaitForExit();
        second.WaitForExit();

        Assert.True(first.ExitCode == 0, firstErr);
        Assert.True(second.ExitCode == 0, secondErr);
        var objects = Directory.GetFiles(Path.Combine(_repo, ".git", "ml", "objects"), "*", SearchOption.AllDirectories);
        Assert.Equal([Files.ObjectPath(_repo, sha)], objects);
        Assert.Equal(sha, Files.Sha256(objects[0]));
        Assert.Empty(Directory.GetFiles(Path.Combine(_repo, ".git", "ml", "tmp")));
    }

    private void AssertEveryObjectIsWhatItsNameSays()
    {
        string objects = Path.Combine(_repo, ".git", "ml", "objects");
        if (!Directory.Exists(objects))
        {
            return;
        }
        foreach (string path in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(Path.GetFileName(path), Files.Sha256(path));
        }
    }

    /// <summary>
    /// The git-ml filter process under git, found through /proc; 0 while there is none. Git starts filters through
    /// a shell, so it may be a grandchild: the process that matters is the one running the git-ml executable.
    /// </summary>
    private static int FilterProcessUnder(int gitPid)
    {
        var processes = new List<(int Pid, int Parent, string[] Argv)>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                processes.Add((pid, parent, File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0')));
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        var descendants = new HashSet<int> { gitPid };
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var p in processes.Where(p => descendants.Contains(p.Parent) && descendants.Add(p.Pid)))
            {
                grew = true;
            }
        }
        return processes.FirstOrDefault(p => descendants.Contains(p.Pid) && p.Pid != gitPid
            && p.Argv[0].EndsWith("git-ml", StringComparison.Ordinal) && p.Argv.Contains("filter-process")).Pid;
    }

    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static void Signal(int pid, int signal) => Assert.Equal(0, SendSignal(pid, signal));

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(5);
        }
        return condition();
    }
}
