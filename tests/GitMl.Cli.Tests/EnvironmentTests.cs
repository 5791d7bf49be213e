using GitMl.Core.Registry;
using GitMl.Core.Runs;

namespace GitMl.Cli.Tests;

/// <summary>
/// Verbs read environment variables from their context only: a GIT_ML_* variable given to the context changes what a
/// verb does, and the process's own environment (which tests never set) plays no part.
/// </summary>
public sealed class EnvironmentTests : IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly CliHarness _cli;

    public EnvironmentTests() => _cli = new CliHarness(_repo.Path);

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Log_outside_a_run_is_a_usage_error()
    {
        Assert.Null(Environment.GetEnvironmentVariable(ExperimentRunner.RunDirVariable));
        var result = _cli.Run("log", "metric", "loss", "0.5");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("git-ml: error: not inside a run: `git ml log` works in a command started by `git ml run -- COMMAND`\n", result.Error);
    }

    [Fact]
    public void Log_finds_its_run_through_the_contexts_GIT_ML_RUN_DIR()
    {
        string runDir = _repo.Combine(".git", "run-under-test");
        Directory.CreateDirectory(runDir);
        _cli.Environment[ExperimentRunner.RunDirVariable] = runDir;

        Assert.Equal(ExitCodes.Success, _cli.Run("log", "param", "optimizer", "adam").ExitCode);
        Assert.Equal(ExitCodes.Success, _cli.Run("log", "metric", "loss", "0.25", "--step", "3").ExitCode);

        string[] lines = File.ReadAllLines(Path.Combine(runDir, RunLogFile.FileName));
        Assert.Equal(2, lines.Length);
        Assert.Equal(RunLogFile.NamedLine("param", "optimizer", "adam"), lines[0]);
        using var metric = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.Equal("loss", metric.RootElement.GetProperty("metric").GetString());
        Assert.Equal(0.25, metric.RootElement.GetProperty("value").GetDouble());
        Assert.Equal(3, metric.RootElement.GetProperty("step").GetInt64());
        Assert.Null(Environment.GetEnvironmentVariable(ExperimentRunner.RunDirVariable));
    }

    [Fact]
    public void Log_artifact_paths_are_relative_to_the_contexts_folder()
    {
        string runDir = _repo.Combine(".git", "run-under-test");
        Directory.CreateDirectory(runDir);
        _cli.Environment[ExperimentRunner.RunDirVariable] = runDir;

        Assert.Equal(ExitCodes.Success, _cli.Run("log", "artifact", "models/model.pkl").ExitCode);

        string line = File.ReadAllLines(Path.Combine(runDir, RunLogFile.FileName)).Single();
        Assert.Equal(RunLogFile.NamedLine("artifact", _repo.Combine("models", "model.pkl"), null), line);
    }

    [Fact]
    public void A_metric_that_is_not_a_number_is_a_usage_error()
    {
        string runDir = _repo.Combine(".git", "run-under-test");
        Directory.CreateDirectory(runDir);
        _cli.Environment[ExperimentRunner.RunDirVariable] = runDir;
        var result = _cli.Run("log", "metric", "loss", "low");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("git-ml: error: metric value 'low' is not a number\n", result.Error);
    }

    [Fact]
    public void A_model_uri_without_version_needs_GIT_ML_MODEL_STAGE_from_the_context()
    {
        Assert.Null(Environment.GetEnvironmentVariable(ModelUri.StageEnvironment));
        var without = _cli.Run("model", "resolve", "models:/churn");
        Assert.Equal(ExitCodes.Usage, without.ExitCode);
        Assert.Equal("git-ml: error: 'models:/churn' names no version: add /VERSION, /Staging, /Production, /latest or @ALIAS, or set GIT_ML_MODEL_STAGE=Staging|Production\n", without.Error);

        _cli.Environment[ModelUri.StageEnvironment] = "Production";
        var with = _cli.Run("model", "resolve", "models:/churn");
        // The stage was taken: now the registry is asked, and has no such model.
        Assert.NotEqual(without.Error, with.Error);
        Assert.DoesNotContain("names no version", with.Error, StringComparison.Ordinal);
        Assert.Contains("churn", with.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_GIT_ML_MODEL_STAGE_in_the_context_is_an_error_naming_the_variable()
    {
        _cli.Environment[ModelUri.StageEnvironment] = "Sometime";
        var result = _cli.Run("model", "resolve", "models:/churn");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("git-ml: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("GIT_ML_MODEL_STAGE", result.Error, StringComparison.Ordinal);
        Assert.Contains("Sometime", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void GIT_ML_SKIP_SMUDGE_in_the_context_reaches_the_repositorys_settings()
    {
        var cli = new CliContext(TextWriter.Null, TextWriter.Null, name => name == "GIT_ML_SKIP_SMUDGE" ? "1" : null, _repo.Path);
        Assert.True(cli.Settings.SkipSmudge);
        var plain = new CliContext(TextWriter.Null, TextWriter.Null, _ => null, _repo.Path);
        Assert.False(plain.Settings.SkipSmudge);
    }

    [Fact]
    public void The_author_comes_from_the_contexts_GIT_AUTHOR_variables()
    {
        var cli = new CliContext(TextWriter.Null, TextWriter.Null, name => name switch
        {
            "GIT_AUTHOR_NAME" => "Bob",
            "GIT_AUTHOR_EMAIL" => "bob@example.com",
            _ => null,
        }, _repo.Path);
        Assert.Equal("Bob <bob@example.com>", cli.Repository.CurrentUser());
        Assert.Equal("Alice <alice@example.com>", new CliContext(TextWriter.Null, TextWriter.Null, _ => null, _repo.Path).Repository.CurrentUser());
    }
}
