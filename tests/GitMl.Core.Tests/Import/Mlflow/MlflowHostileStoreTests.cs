using System.Diagnostics;
using GitMl.Core.Import.Mlflow;
using GitMl.Core.IO;
using GitMl.Core.Registry;
using GitMl.Core.Runs;
using GitMl.Core.Tests.Registry;

namespace GitMl.Core.Tests.Import.Mlflow;

/// <summary>The mlruns tree is someone else's: links, special files, huge files, odd names and times must not get out of it.</summary>
public sealed class MlflowHostileStoreTests
{
    private const string Run = "0123456789abcdef0123456789abcdef";

    private static (MlrunsTree Tree, string RunFolder) OneRun(TempDirectory dir)
    {
        var tree = new MlrunsTree(dir.Combine("mlruns"));
        string run = tree.Run(tree.Experiment("1", "exp"), Run, "r", 1700000000000, 1700000001000);
        return (tree, run);
    }

    private static MlflowImportReport Import(GitRepoFixture fx, MlrunsTree tree, MlflowLimits? limits = null)
    {
        // A hang (a FIFO opened for reading) must fail the test, not stop the test run.
        var work = Task.Run(() => new MlflowImporter(fx.Repo, limits).Import(tree.Root, "test"));
        Assert.True(work.Wait(TimeSpan.FromSeconds(60)), "the import did not finish: it is blocked on something in the store");
        return work.Result;
    }

    [Fact]
    public void Symbolic_links_are_never_followed_out_of_the_store()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        var (tree, run) = OneRun(dir);
        File.WriteAllText(dir.Combine("secret.txt"), "top secret");
        Directory.CreateDirectory(dir.Combine("secret-dir"));
        File.WriteAllText(dir.Combine("secret-dir", "key"), "private key");
        Directory.CreateDirectory(tree.Full($"{run}/params"));
        File.CreateSymbolicLink(tree.Full($"{run}/params/stolen"), dir.Combine("secret.txt"));
        File.CreateSymbolicLink(tree.Full($"{run}/artifacts/model.pkl"), dir.Combine("secret.txt"));
        Directory.CreateSymbolicLink(tree.Full($"{run}/artifacts/keys"), dir.Combine("secret-dir"));
        Directory.CreateSymbolicLink(tree.Full($"{run}/tags"), dir.Combine("secret-dir"));
        Directory.CreateSymbolicLink(tree.Full("2"), dir.Combine("secret-dir")); // an "experiment" that is a link

        var report = Import(fx, tree);

        var recorded = RunCatalog.Read(fx.Repo).Find(Run);
        Assert.Empty(recorded.Params);
        Assert.Empty(recorded.Outputs);
        Assert.DoesNotContain(recorded.Tags.Values, v => v.Contains("private", StringComparison.Ordinal));
        Assert.Equal(
            [$"{run}/artifacts/keys", $"{run}/artifacts/model.pkl", $"{run}/params/stolen", $"{run}/tags", "2"],
            report.Problems.Where(p => p.Reason.Contains("symbolic link", StringComparison.Ordinal)).Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(fx.Repo.Store.Enumerate(), o => o.Size == "top secret".Length || o.Size == "private key".Length);
    }

    [Fact]
    public void A_fifo_in_the_store_is_not_opened()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        var (tree, run) = OneRun(dir);
        Directory.CreateDirectory(tree.Full($"{run}/params"));
        Mkfifo(tree.Full($"{run}/params/blocking"));
        Mkfifo(tree.Full($"{run}/artifacts/pipe"));
        Mkfifo(tree.Full($"{run}/metrics/loss"));

        Import(fx, tree);

        var recorded = RunCatalog.Read(fx.Repo).Find(Run);
        Assert.Equal("", recorded.Params["blocking"]); // a special file has no content
    }

    [Fact]
    public void Oversized_files_long_lines_and_crowded_folders_are_reported_and_left_out()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        var (tree, run) = OneRun(dir);
        tree.Param(run, "huge", new string('x', 5000));
        tree.Param(run, "small", "ok");
        tree.Write($"{run}/metrics/long-line", "1 " + new string('1', 3000) + " 0\n");
        tree.Write($"{run}/metrics/many", string.Concat(Enumerable.Range(0, 50).Select(i => $"{i} 0.5 {i}\n")));
        for (int i = 0; i < 12; i++)
        {
            tree.Artifact(run, $"crowd/f{i}", "x");
        }
        string big = tree.Run("1", "1123456789abcdef0123456789abcdef", "big-meta", 1, 2);
        tree.Write($"{big}/meta.yaml", "run_name: x\n" + new string('#', 3000));
        var limits = new MlflowLimits(MetaBytes: 2048, ValueBytes: 1024, MetricPoints: 20, MetricLineBytes: 256, DirectoryEntries: 10);

        var report = Import(fx, tree, limits);

        var recorded = RunCatalog.Read(fx.Repo).Find(Run);
        Assert.Equal(new Dictionary<string, string> { ["small"] = "ok" }, recorded.Params);
        Assert.Empty(recorded.Metrics);
        Assert.Empty(recorded.Outputs);
        Assert.Single(report.Runs);
        foreach (string reported in new[] { "params/huge", "metrics/long-line", "metrics/many", "artifacts/crowd", $"{big}/meta.yaml" })
        {
            Assert.Contains(report.Problems, p => p.Path.EndsWith(reported, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Names_with_control_characters_are_kept_as_data_and_escaped_for_the_terminal()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        var (tree, run) = OneRun(dir);
        tree.Tag(run, "evil\u001b[2J", "value\u001b]0;title\u0007");
        tree.Write($"{run}/meta.yaml", File.ReadAllText(tree.Full($"{run}/meta.yaml")).Replace("run_name: r", "run_name: \"bad\\e[31mname\"", StringComparison.Ordinal));

        var report = Import(fx, tree);

        var recorded = RunCatalog.Read(fx.Repo).Find(Run);
        Assert.Equal("value\u001b]0;title\u0007", recorded.Tags["evil\u001b[2J"]);
        Assert.Equal("bad\u001b[31mname", recorded.Name);
        Assert.DoesNotContain('\u001b', TerminalText.Escape(report.Runs[0].Name));
    }

    [Fact]
    public void Bad_ids_times_and_sources_are_reported_and_the_rest_imported()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        var (tree, run) = OneRun(dir);
        tree.Artifact(run, "model/model.pkl", "w");
        string notHex = tree.Run("1", "not-a-run-id", "x", 1, 2);
        string farFuture = tree.Run("1", "2123456789abcdef0123456789abcdef", "future", 99_999_999_999_999_999, null, status: 9);
        tree.Model("m");
        tree.Version("m", 1, "Production", $"runs:/{Run}/../../../../secret", Run);
        tree.Version("m", 2, "Staging", "s3://bucket/elsewhere/model", Run);
        tree.Version("m", 3, "None", $"runs:/{Run}/model", Run);
        tree.Model("bad name");
        tree.Version("bad name", 1, "None", $"runs:/{Run}/model", Run);

        var report = Import(fx, tree);

        Assert.Equal([Run, "2123456789abcdef0123456789abcdef"], report.Runs.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == notHex && p.Reason.Contains("not 32 lowercase hex", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == $"{farFuture}/meta.yaml" && p.Reason.Contains("start_time", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == $"{farFuture}/meta.yaml" && p.Reason.Contains("status", StringComparison.Ordinal));
        Assert.Equal(RunStatus.Failed, RunCatalog.Read(fx.Repo).Find("2123456789abcdef0123456789abcdef").Status);
        var model = new RegistryStore(fx.Repo).Read().Require("m");
        Assert.Equal([3], model.Versions.Select(v => v.Number));
        Assert.Contains(report.Problems, p => p.Path == "models/m/version-1");
        Assert.Contains(report.Problems, p => p.Path == "models/m/version-2");
        Assert.Contains(report.Problems, p => p.Path == "models/bad name" && p.Reason.Contains("not a valid model name", StringComparison.Ordinal));
        Assert.False(new RegistryStore(fx.Repo).Read().Models.ContainsKey("bad name"));
    }

    private static void Mkfifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
