namespace GitMl.Core.Settings;

/// <summary>
/// The GIT_ML_* variables about the process rather than a repository: read before any repository is opened (or
/// with none at all), from one environment lookup, in this one place; the repository's own are in
/// <see cref="MlSettings"/>. A class, not a record, so printing it can never show the serve token.
/// </summary>
public sealed class SessionSettings
{
    private SessionSettings(string? trace, bool debug, string? runDirectory, string? serveToken)
    {
        Trace = trace;
        Debug = debug;
        RunDirectory = runDirectory;
        ServeToken = serveToken;
    }

    /// <summary>GIT_ML_TRACE as given (Diagnostics.MlTrace decides what it means), or null.</summary>
    public string? Trace { get; }

    /// <summary>GIT_ML_DEBUG set (to anything): an internal error's report includes its stack trace.</summary>
    public bool Debug { get; }

    /// <summary>GIT_ML_RUN_DIR: the folder of the run whose command this is (set by `git ml run`), or null.</summary>
    public string? RunDirectory { get; }

    /// <summary>GIT_ML_SERVE_TOKEN: the bearer token of `git ml serve` when --token is not given, or null.</summary>
    public string? ServeToken { get; }

    public static SessionSettings From(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
        return new SessionSettings(
            environment(SettingKeys.TraceEnvironment),
            environment(SettingKeys.DebugEnvironment) is not null,
            NonEmpty(environment(Runs.ExperimentRunner.RunDirVariable)),
            NonEmpty(environment(SettingKeys.ServeTokenEnvironment)));
    }
}
