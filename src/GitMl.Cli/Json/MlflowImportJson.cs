using GitMl.Core.Import.Mlflow;

namespace GitMl.Cli.Json;

/// <summary>`git ml import mlflow --json`: what was taken, and what could not be mapped (path relative to the store, reason).</summary>
public sealed record MlflowImportJson(
    string Store,
    string FallbackCommit,
    IReadOnlyList<MlflowImportedRun> Runs,
    int RunsAlreadyHere,
    IReadOnlyList<MlflowImportedModel> Models,
    IReadOnlyList<MlflowProblem> Problems)
{
    public static MlflowImportJson From(MlflowImportReport r) => new(r.Store, r.FallbackCommit, r.Runs, r.RunsAlreadyHere, r.Models, r.Problems);
}
