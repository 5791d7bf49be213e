namespace GitMl.Storage;

/// <summary>Told what a transfer is doing, to show progress. Called from several threads at once.</summary>
public interface ITransferProgress
{
    /// <summary>The work is known: this many objects and bytes will move (after skipping what the store has).</summary>
    void Begin(int objects, long bytes);

    /// <summary>More bytes moved (a retry can report bytes again).</summary>
    void Advance(long bytes);

    /// <summary>One object is done (or failed for good).</summary>
    void ObjectDone();

    /// <summary>All done.</summary>
    void Finish();
}
