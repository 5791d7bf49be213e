namespace GitMl.Core.Sharing;

/// <summary>
/// What pushing the shared refs did: the refs that landed, the integrations of the remote's changes made on the way
/// (the remote had moved on), and what could not be pushed.
/// </summary>
public sealed record SharedRefPush(IReadOnlyList<string> Pushed, IReadOnlyList<SharedRefIntegration> Integrations, IReadOnlyList<SharedRefProblem> Problems)
{
    public static SharedRefPush Nothing { get; } = new([], [], []);

    /// <summary>Every pending ref landed.</summary>
    public bool Succeeded => Problems.Count == 0 && !Integrations.Any(i => i.Stopped);
}
