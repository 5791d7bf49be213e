namespace GitMl.Protocol.FilterProcess;

/// <summary>
/// Converts the content of one request. The handler reads <see cref="FilterRequest.Content"/> and writes the
/// result to <see cref="FilterResponse.Content"/>. It may write before it has read everything: the response
/// drains the rest of the request first, because git sends all of a request before reading any of the reply
/// and a reply written early could fill the pipe and deadlock both sides. A handler that needs the input after
/// it starts writing must therefore buffer it first; reading input that was drained that way throws
/// <see cref="InvalidOperationException"/> (so git gets an error status), never a silently shortened end.
/// </summary>
public interface IFilterHandler
{
    FilterStatus Handle(FilterRequest request, FilterResponse response);
}
