namespace GitMl.Core.Runs;

/// <summary>
/// A later change to a recorded run, written as its own note line next to the run: tags set (a null value removes the
/// tag) and the soft delete flag. Lines are only ever added, so two clones amending the same run merge by union;
/// amendments apply in time order (then by their canonical text, so every clone folds them the same way).
/// </summary>
public sealed record RunAmendment(RunId Run, DateTimeOffset At, string User, IReadOnlyDictionary<string, string?> Tags, bool? Deleted);
