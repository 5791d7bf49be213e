using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>Parallel stages, and a repro killed mid-run.</summary>
public sealed class PipelineExecutionTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public PipelineExecutionTests() => _repo = _sandbox.CreateRepository();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Independent_stages_run_side_by_side_with_jobs_2_and_their_output_lines_stay_whole()
    {
        string log = _sandbox.PathOf("times.log");
        // Each stage records when it starts and ends (ns since the epoch) and prints a few lines.
        string Stage(string name) => $"""
              {name}:
                cmd: echo "{name} start $(date +%s%N)" >> '{log}' && for i in 1 2 3; do echo "{name} line $i"; sleep 0.5; done && echo {name} > {name}.out && echo "{name} end $(date +%s%N)" >> '{log}'
                outs:
                - {name}.out
            """;
        Files.Write(Path.Combine(_repo, "ml.yaml"), "stages:\n" + Stage("a") + "\n" + Stage("b") + "\n");

        var run = _sandbox.GitMl(_repo, "repro", "--jobs", "2").EnsureSuccess("repro");

        var times = File.ReadAllLines(log).Select(l => l.Split(' ')).ToDictionary(p => $"{p[0]} {p[1]}", p => long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(times["b start"] < times["a end"] && times["a start"] < times["b end"],
            $"the stages did not overlap: {string.Join(", ", times.Select(t => $"{t.Key}={t.Value}"))}");
        foreach (string name in new[] { "a", "b" })
        {
            for (int i = 1; i <= 3; i++)
            {
                Assert.Contains($"[{name}] {name} line {i}\n", run.Stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Stages_with_the_same_command_and_inputs_but_different_outputs_are_different_runs_for_the_run_cache()
    {
        Files.Write(Path.Combine(_repo, "one/a.txt"), "one\n");
        Files.Write(Path.Combine(_repo, "two/b.txt"), "two\n");
        Files.Write(Path.Combine(_repo, "ml.yaml"), """
            stages:
              one:
                cmd: "true"
                outs:
                - one:
                    persist: true
              two:
                cmd: "true"
                outs:
                - two:
                    persist: true
            """);

        var run = _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");

        Assert.DoesNotContain("run cache", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["a.txt"], Directory.GetFiles(Path.Combine(_repo, "one")).Select(Path.GetFileName));
        Assert.Equal(["b.txt"], Directory.GetFiles(Path.Combine(_repo, "two")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_downstream_stage_waits_for_its_upstream_even_with_jobs()
    {
        string log = _sandbox.PathOf("order.log");
        Files.Write(Path.Combine(_repo, "ml.yaml"), $"""
            stages:
              first:
                cmd: sleep 0.5 && echo first >> '{log}' && echo 1 > first.out
                outs: [first.out]
              second:
                cmd: echo second >> '{log}' && cat first.out > second.out
                deps: [first.out]
                outs: [second.out]
            """);
        _sandbox.GitMl(_repo, "repro", "--jobs", "4").EnsureSuccess("repro");
        Assert.Equal(["first", "second"], File.ReadAllLines(log));
    }

    [Fact]
    public void A_repro_killed_mid_run_leaves_a_parseable_lock_file_and_the_next_repro_finishes()
    {
        string marker = _sandbox.PathOf("slow-started");
        Files.Write(Path.Combine(_repo, "ml.yaml"), $"""
            stages:
              quick:
                cmd: echo quick > quick.out
                outs: [quick.out]
              slow:
                cmd: touch '{marker}' && sleep 30 && echo slow > slow.out
                deps: [quick.out]
                outs: [slow.out]
            """);
        using var repro = _sandbox.Start(Path.Combine(GitMlBinary.Directory, "git-ml"), ["repro"], _repo);
        repro.StandardInput.Close();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
        Assert.True(File.Exists(marker), "the slow stage never started");
        repro.Kill(entireProcessTree: true);
        repro.WaitForExit();

        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        Assert.Contains("quick:", lockText, StringComparison.Ordinal);
        Assert.DoesNotContain("slow:", lockText, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_repo, "*.tmp"));
        Files.Write(Path.Combine(_repo, "ml.yaml"), File.ReadAllText(Path.Combine(_repo, "ml.yaml")).Replace("sleep 30", "sleep 0", StringComparison.Ordinal));

        var again = _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro again");
        Assert.Contains("Stage 'quick' is up to date", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("slow:", File.ReadAllText(Path.Combine(_repo, "ml.lock")), StringComparison.Ordinal);
    }
}
