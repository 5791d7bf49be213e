namespace GitMl.Core.Sharing;

/// <summary>The result of integrating one fetched shared ref.</summary>
/// <param name="Conflicts">What stopped a Conflicted merge, with what to do; empty otherwise.</param>
/// <param name="Rewrites">
/// What the fetched ref rewrote of history this clone recorded: the reasons it was Refused, or (for a ref that
/// repairs, the run notes) what was put back while integrating it.
/// </param>
public sealed record SharedRefIntegration(string RefName, SharedRefOutcome Outcome, IReadOnlyList<string> Conflicts, string Summary, IReadOnlyList<string> Rewrites)
{
    /// <summary>The local ref was left as it was because of a conflict or a rewrite.</summary>
    public bool Stopped => Outcome is SharedRefOutcome.Conflicted or SharedRefOutcome.Refused;
}
