using GitMl.Core.Runs;

namespace GitMl.Server.Tracking;

/// <summary>One change to a run in progress, as one line of its journal (<see cref="JournalFormat"/>).</summary>
public abstract record JournalEntry
{
    /// <summary>Applies the change to the run's state (under the run's lock).</summary>
    public abstract void ApplyTo(ActiveRun run);
}

/// <summary>The first line: who, where, when. Its tags are the ones create-run sent.</summary>
public sealed record RunCreated(RunId Id, string ExperimentId, string Name, string User, long StartTime, string Commit, string? Branch, IReadOnlyDictionary<string, string> Tags) : JournalEntry
{
    public ActiveRun Start()
    {
        var run = new ActiveRun(Id, ExperimentId, Name, User, StartTime, Commit, Branch);
        ApplyTo(run);
        return run;
    }

    public override void ApplyTo(ActiveRun run)
    {
        foreach (var (key, value) in Tags)
        {
            run.Tags[key] = value;
        }
    }
}

public sealed record MetricLogged(string Key, double Value, long Timestamp, long Step) : JournalEntry
{
    public override void ApplyTo(ActiveRun run)
    {
        if (!run.Metrics.TryGetValue(Key, out var points))
        {
            run.Metrics[Key] = points = [];
        }
        points.Add(new MetricPoint(Step, Value, Timestamp));
    }
}

public sealed record ParamLogged(string Key, string Value) : JournalEntry
{
    public override void ApplyTo(ActiveRun run) => run.Params[Key] = Value;
}

/// <summary>A tag set (<see cref="Value"/> not null) or deleted.</summary>
public sealed record TagChanged(string Key, string? Value) : JournalEntry
{
    public override void ApplyTo(ActiveRun run)
    {
        if (Value is null)
        {
            run.Tags.Remove(Key);
        }
        else
        {
            run.Tags[Key] = Value;
        }
    }
}

public sealed record ArtifactStored(RunFile File) : JournalEntry
{
    public override void ApplyTo(ActiveRun run) => run.Artifacts[File.Path] = File;
}

/// <summary>update-run: a new status (a terminal one ends the run), end time or name.</summary>
public sealed record RunUpdated(string? Status, long? EndTime, string? Name) : JournalEntry
{
    public override void ApplyTo(ActiveRun run)
    {
        if (Status is not null)
        {
            run.Status = Status;
        }
        if (EndTime is not null)
        {
            run.EndTime = EndTime;
        }
        if (Name is not null)
        {
            run.Name = Name;
            run.Tags[ServerTags.RunName] = Name;
        }
    }
}

public sealed record LifecycleChanged(bool Deleted) : JournalEntry
{
    public override void ApplyTo(ActiveRun run) => run.Deleted = Deleted;
}
