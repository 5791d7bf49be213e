namespace GitMl.Storage.Transfer;

/// <summary>How a retried operation ended: after how many attempts, and with which error if it failed for good.</summary>
internal readonly record struct RetryOutcome(int Attempts, Exception? Error)
{
    public bool Succeeded => Error is null;
}
