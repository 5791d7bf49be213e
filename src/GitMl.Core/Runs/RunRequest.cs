namespace GitMl.Core.Runs;

/// <summary>
/// What `git ml run` was asked to do: a command, or (<see cref="ReproTargets"/> not null) the pipeline as one run.
/// <see cref="Overrides"/> (--set KEY=VALUE) win over the params files' values in the record and reach the command as
/// GIT_ML_PARAM_KEY variables and in $GIT_ML_RUN_DIR/params.json.
/// </summary>
public sealed record RunRequest(
    IReadOnlyList<string> Command,
    IReadOnlyList<string>? ReproTargets,
    string? Name,
    IReadOnlyDictionary<string, string> Overrides,
    IReadOnlyDictionary<string, string> Tags,
    bool AllowDirty,
    string GitMlVersion);
