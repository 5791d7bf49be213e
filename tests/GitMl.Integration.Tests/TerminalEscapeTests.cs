using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Repository text is shown, never executed by the terminal (issue 13.5): a collaborator's run names, params, tags,
/// user name, messages and paths carrying escape sequences reach a clone through notes and the registry; every text
/// view shows them escaped, CSV stays RFC 4180, JSON stays exact.
/// </summary>
public sealed class TerminalEscapeTests : IDisposable
{
    // Retitles the terminal window, clears the screen, a one-character CSI (C1), and reverses the rest of the line.
    private const string Evil = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eexe.txt";
    private const string Shown = "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eexe.txt";

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public TerminalEscapeTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "install").EnsureSuccess("install");
        _sandbox.Git(_repo, "config", "user.name", "mallory" + Evil).EnsureSuccess("user.name");
        Files.Write(Path.Combine(_repo, ".gitignore"), "models/\n");
        _sandbox.Git(_repo, "add", ".gitignore").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "setup").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private ProcessResult Ml(params string[] args) => _sandbox.GitMl(_repo, args);

    private static void AssertShownNotExecuted(ProcessResult result, string what)
    {
        foreach (char c in new[] { '\u001b', '\u0007', '\u009b', '\u202e' })
        {
            Assert.False(result.Stdout.Contains(c, StringComparison.Ordinal), $"{what}: stdout carries U+{(int)c:X4}:\n{result.Stdout}");
            Assert.False(result.Stderr.Contains(c, StringComparison.Ordinal), $"{what}: stderr carries U+{(int)c:X4}:\n{result.Stderr}");
        }
    }

    [Fact]
    public void Escape_sequences_in_runs_are_shown_escaped_in_list_show_csv_and_markdown_and_exact_in_json()
    {
        Ml("run", "--name", "run" + Evil, "--tag", "team=" + Evil, "--", "sh", "-c",
            $"git ml log param 'opt{Evil}' 'adam{Evil}' && git ml log metric 'loss{Evil}' 0.5").EnsureSuccess("run");

        var list = Ml("runs", "list").EnsureSuccess("runs list");
        AssertShownNotExecuted(list, "runs list");
        Assert.Contains("run" + Shown, list.Stdout, StringComparison.Ordinal);

        var csv = Ml("runs", "list", "--csv").EnsureSuccess("runs list --csv");
        AssertShownNotExecuted(csv, "runs list --csv");
        Assert.Contains("run" + Shown, csv.Stdout, StringComparison.Ordinal);

        var md = Ml("runs", "list", "--md").EnsureSuccess("runs list --md");
        AssertShownNotExecuted(md, "runs list --md");
        Assert.Contains("| run" + Shown, md.Stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(Ml("runs", "list", "--json").EnsureSuccess("runs list --json").Stdout);
        var run = json.RootElement.EnumerateArray().Single();
        Assert.Equal("run" + Evil, run.GetProperty("name").GetString());
        Assert.Equal("adam" + Evil, run.GetProperty("params").GetProperty("opt" + Evil).GetString());

        var show = Ml("runs", "show", run.GetProperty("id").GetString()!).EnsureSuccess("runs show");
        AssertShownNotExecuted(show, "runs show");
        Assert.Contains($"opt{Shown} = adam{Shown}", show.Stdout, StringComparison.Ordinal);
        Assert.Contains($"team = {Shown}", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("mallory" + Shown, show.Stdout, StringComparison.Ordinal);

        AssertShownNotExecuted(Ml("runs", "compare", run.GetProperty("id").GetString()!, run.GetProperty("id").GetString()!), "runs compare");
        // An error that quotes what the user typed back.
        var missing = Ml("runs", "show", "nope" + Evil);
        Assert.NotEqual(0, missing.ExitCode);
        AssertShownNotExecuted(missing, "runs show (error)");
    }

    [Fact]
    public void Escape_sequences_in_the_registry_are_shown_escaped_in_model_show_and_history()
    {
        Files.WriteRandom(Path.Combine(_repo, "models", "model.pkl"), 2_000, seed: 1);
        Ml("model", "register", "churn", "models/model.pkl", "-m", "trained" + Evil).EnsureSuccess("register");
        Ml("model", "promote", "churn", "1", "--stage", "Staging", "-m", "ok" + Evil).EnsureSuccess("promote");

        foreach (string[] args in new[] { new[] { "model", "list" }, ["model", "show", "churn"], ["model", "show", "churn", "1"], ["model", "history", "churn"] })
        {
            var result = Ml(args).EnsureSuccess(string.Join(' ', args));
            AssertShownNotExecuted(result, string.Join(' ', args));
        }
        Assert.Contains("trained" + Shown, Ml("model", "show", "churn", "1").Stdout, StringComparison.Ordinal);
        Assert.Contains("mallory" + Shown, Ml("model", "history", "churn").Stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(Ml("model", "show", "churn", "1", "--json").EnsureSuccess("show --json").Stdout);
        Assert.Equal("trained" + Evil, json.RootElement.GetProperty("message").GetString());

        var missing = Ml("model", "show", "no" + Evil);
        Assert.NotEqual(0, missing.ExitCode);
        AssertShownNotExecuted(missing, "model show (error)");
    }
}
