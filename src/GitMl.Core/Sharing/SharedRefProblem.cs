namespace GitMl.Core.Sharing;

/// <summary>Why a shared ref was not pushed: a sentence saying what and what to do, and the items it is about (each rewrite).</summary>
public sealed record SharedRefProblem(string Message, IReadOnlyList<string> Details);
