using System.Diagnostics.CodeAnalysis;

namespace GitMl.Core.Runs.Search;

/// <summary>
/// The attributes a search can name, bare (<c>status = 'FINISHED'</c>) or with a prefix (<c>attributes.status</c>),
/// and the kind of their values. <see cref="ISearchableRun.Attribute"/> is always asked with one of
/// <see cref="Names"/>; aliases (<c>name</c> for <c>run_name</c>) are resolved before.
/// </summary>
public static class RunAttributes
{
    public const string RunId = "run_id";
    public const string RunName = "run_name";
    public const string Status = "status";
    /// <summary>Unix epoch milliseconds. A search may compare it with a quoted ISO-8601 date/time instead.</summary>
    public const string StartTime = "start_time";
    /// <summary>Unix epoch milliseconds. A search may compare it with a quoted ISO-8601 date/time instead.</summary>
    public const string EndTime = "end_time";
    /// <summary>Milliseconds.</summary>
    public const string Duration = "duration";
    /// <summary>The commit the run ran from (40 hex). A search matches it with <c>=</c> by prefix (at least 4 hex characters).</summary>
    public const string Commit = "commit";
    public const string Branch = "branch";
    public const string User = "user";
    public const string Host = "host";
    public const string ExitCode = "exit_code";
    /// <summary>"true" or "false": whether the working tree had uncommitted changes when the run started.</summary>
    public const string Dirty = "dirty";
    /// <summary>Where an MLflow client finds the run's artifacts (<c>mlflow-artifacts:/EXPERIMENT/RUN_ID/artifacts</c>).</summary>
    public const string ArtifactUri = "artifact_uri";

    /// <summary>The alias of <see cref="RunName"/> (MLflow accepts both).</summary>
    public const string NameAlias = "name";

    /// <summary>The canonical attribute names, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [RunId, RunName, Status, StartTime, EndTime, Duration, Commit, Branch, User, Host, ExitCode, Dirty, ArtifactUri];

    /// <summary>
    /// Other names of attributes, matched without regard to case like the names: MLflow's <c>name</c>, its
    /// <c>Run name</c> (in backticks: <c>`Run name`</c>), <c>user_id</c> and <c>created</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [NameAlias] = RunName,
        ["run name"] = RunName,
        ["user_id"] = User,
        ["created"] = StartTime,
    };

    /// <summary>The values <see cref="Status"/> takes (MLflow's).</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    /// <summary>Numbers: <see cref="StartTime"/>, <see cref="EndTime"/>, <see cref="Duration"/>, <see cref="ExitCode"/>; the rest are text.</summary>
    public static SearchValueKind KindOf(string name) =>
        TryResolve(name, out string? canonical)
            ? canonical is StartTime or EndTime or Duration or ExitCode ? SearchValueKind.Number : SearchValueKind.Text
            : throw new ArgumentException($"'{name}' is not a run attribute; the attributes are {string.Join(", ", Names)}", nameof(name));

    /// <summary>The canonical name of an attribute name or alias, matched case-insensitively.</summary>
    public static bool TryResolve(string nameOrAlias, [NotNullWhen(true)] out string? canonicalName)
    {
        ArgumentNullException.ThrowIfNull(nameOrAlias);
        if (Aliases.TryGetValue(nameOrAlias, out canonicalName))
        {
            return true;
        }
        foreach (string name in Names)
        {
            if (name.Equals(nameOrAlias, StringComparison.OrdinalIgnoreCase))
            {
                canonicalName = name;
                return true;
            }
        }
        canonicalName = null;
        return false;
    }

    /// <summary>Times compare with epoch milliseconds or an ISO-8601 date/time.</summary>
    internal static bool IsTime(string canonicalName) => canonicalName is StartTime or EndTime;

    /// <summary>Hex ids: matched by prefix (at least <see cref="HexIds.MinimumPrefixLength"/> characters).</summary>
    internal static bool IsHexId(string canonicalName) => canonicalName is RunId or Commit;
}
