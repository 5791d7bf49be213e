namespace GitMl.Core.Runs;

/// <summary>A recorded run, the exit code `git ml run` passes on (the command's), and warnings (unreadable log lines, metrics files).</summary>
public sealed record RunOutcome(RunRecord Run, int ExitCode, IReadOnlyList<string> Warnings);
