namespace GitMl.Core.Registry;

/// <summary>
/// One change in a model's audit trail: who did what to which version, when, from which state to which, and why.
/// Events are only ever appended; `git ml model history` prints them.
/// </summary>
/// <param name="Action">register, promote, alias, unalias, rollback, archive, delete or prune.</param>
/// <param name="From">The state before (a stage, None, an alias's previous version "v3", or "" for register).</param>
/// <param name="To">The state after (a stage, Deleted, "@alias").</param>
/// <param name="Detail">What else changed as a consequence (e.g. "version 1 kept as rollback target"), or "".</param>
public sealed record ModelEvent(DateTimeOffset Time, string User, string Action, int Version, string From, string To, string Message, string Detail);
