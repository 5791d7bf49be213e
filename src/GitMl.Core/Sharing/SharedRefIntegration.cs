namespace GitMl.Core.Sharing;

/// <summary>The result of integrating one fetched shared ref; <see cref="Conflicts"/> is empty unless the outcome is Conflicted.</summary>
public sealed record SharedRefIntegration(string RefName, SharedRefOutcome Outcome, IReadOnlyList<string> Conflicts, string Summary);
