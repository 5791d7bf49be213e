namespace GitMl.Protocol.FilterProcess;

/// <summary>How a request ended, as sent to git in the status packet.</summary>
public enum FilterStatus
{
    /// <summary>The content was converted.</summary>
    Success,

    /// <summary>This file failed; git reports it (and fails the command when the filter is required).</summary>
    Error,

    /// <summary>The filter gives up on this command for the rest of the session.</summary>
    Abort,
}
