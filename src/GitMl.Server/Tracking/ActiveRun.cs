using GitMl.Core.Runs;

namespace GitMl.Server.Tracking;

/// <summary>
/// A run in progress, as its journal (<see cref="RunJournal"/>) says: everything logged so far, in memory for reads.
/// Mutated only under its own lock (<see cref="Gate"/>), by replaying journal entries, so what a client reads is
/// exactly what a restarted server would rebuild.
/// </summary>
public sealed class ActiveRun
{
    public ActiveRun(RunId id, string experimentId, string name, string user, long startTime, string commit, string? branch)
    {
        Id = id;
        ExperimentId = experimentId;
        Name = name;
        User = user;
        StartTime = startTime;
        Commit = commit;
        Branch = branch;
    }

    public object Gate { get; } = new();

    public RunId Id { get; }

    public string ExperimentId { get; }

    public string Name { get; set; }

    public string User { get; }

    public long StartTime { get; }

    public string Commit { get; }

    public string? Branch { get; }

    public string Status { get; set; } = "RUNNING";

    public long? EndTime { get; set; }

    public bool Deleted { get; set; }

    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Each metric's points in the order they were logged.</summary>
    public Dictionary<string, List<MetricPoint>> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Artifacts by path relative to the run's artifact root; the latest upload of a path wins.</summary>
    public SortedDictionary<string, RunFile> Artifacts { get; } = new(StringComparer.Ordinal);

    public bool IsTerminal => RunStatuses.IsTerminal(Status);
}

/// <summary>MLflow's run statuses.</summary>
public static class RunStatuses
{
    public const string Running = "RUNNING";
    public const string Scheduled = "SCHEDULED";

    public static IReadOnlyList<string> All { get; } = [Running, Scheduled, RunStatus.Finished, RunStatus.Failed, RunStatus.Killed];

    public static bool IsTerminal(string status) => status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed;

    /// <summary>The status name for MLflow's enum, given by name or number (RUNNING = 1 ... KILLED = 5).</summary>
    public static string? Parse(string text) => text switch
    {
        "1" => Running,
        "2" => Scheduled,
        "3" => RunStatus.Finished,
        "4" => RunStatus.Failed,
        "5" => RunStatus.Killed,
        _ => All.FirstOrDefault(s => s == text),
    };
}
