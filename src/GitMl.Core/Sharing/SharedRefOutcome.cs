namespace GitMl.Core.Sharing;

/// <summary>What integrating a fetched shared ref did to the local one.</summary>
public enum SharedRefOutcome
{
    /// <summary>The local ref already had everything the remote had.</summary>
    UpToDate,

    /// <summary>There was no local ref; it now points at the remote's commit.</summary>
    Created,

    /// <summary>The local ref had nothing the remote lacked; it moved forward to the remote's commit.</summary>
    FastForward,

    /// <summary>Both sides had changes; a merge commit joins them.</summary>
    Merged,

    /// <summary>Both sides changed the same thing; the local ref is unchanged and the conflicts say what to do.</summary>
    Conflicted,

    /// <summary>
    /// The remote's ref rewrites history this clone recorded (an immutable registry version changed, audit events
    /// dropped): it was not taken in; the local ref is unchanged and the rewrites say what changed.
    /// </summary>
    Refused,
}
