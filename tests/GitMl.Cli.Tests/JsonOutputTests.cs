namespace GitMl.Cli.Tests;

/// <summary>`--json` output is one document on stdout, exactly as scripts read it; messages stay on stderr.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly CliHarness _cli;

    public JsonOutputTests()
    {
        _cli = new CliHarness(_repo.Path);
        // As after `git ml install`: status then has no warning to give.
        _repo.Git.Check(["config", "filter.ml.process", "git-ml filter-process"]);
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Runs_list_json_of_a_repository_without_runs_is_an_empty_array()
    {
        var result = _cli.Run("runs", "list", "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("[]\n", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Status_json_of_a_repository_without_tracked_files()
    {
        var result = _cli.Run("status", "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("{\n  \"remote\": null,\n  \"files\": [],\n  \"pipeline\": null,\n  \"pipelineError\": null\n}\n", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Status_text_of_a_repository_without_tracked_files()
    {
        var result = _cli.Run("status");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("0 file(s) tracked by git-ml.\nEverything is committed and present locally.\n", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Status_warns_on_stderr_when_the_filter_is_not_configured()
    {
        _repo.Git.Check(["config", "--unset", "filter.ml.process"]);
        var result = _cli.Run("status", "--json");
        if (result.Error.Length == 0)
        {
            // The machine's own git config (global or system) configures the filter: nothing to warn about here.
            return;
        }
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("git-ml: warning: ", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("{\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_json_with_a_broken_pipeline_reports_it_and_exits_1()
    {
        File.WriteAllText(_repo.Combine("ml.yaml"), "stages: [\n");
        var result = _cli.Run("status", "--json");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith("{\n  \"remote\": null,\n  \"files\": [],\n  \"pipeline\": null,\n  \"pipelineError\": \"", result.Out, StringComparison.Ordinal);
        Assert.Contains("ml.yaml", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbs_work_in_the_contexts_folder_not_the_processes()
    {
        File.WriteAllText(_repo.Combine(".gitattributes"), "*.bin filter=ml diff=ml merge=ml -text\n");
        Directory.CreateDirectory(_repo.Combine("sub"));
        _cli.WorkingDirectory = _repo.Combine("sub");
        Assert.NotEqual(Path.GetFullPath(_cli.WorkingDirectory), Path.GetFullPath(Directory.GetCurrentDirectory()));
        var result = _cli.Run("track", "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("[\n  {\n    \"pattern\": \"*.bin\",\n    \"source\": \".gitattributes\"\n  }\n]\n", result.Out);
    }
}
