namespace GitMl.Protocol.PktLine;

/// <summary>The peer broke the pkt-line framing or the conversation's rules; the session cannot continue.</summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(string message) : base(message) { }

    public ProtocolException(string message, Exception inner) : base(message, inner) { }
}
