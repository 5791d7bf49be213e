namespace GitMl.Cli;

/// <summary>
/// stdin and stdout as raw byte streams for the filters: no text encoding, no buffering of their own, plain
/// read(2) and write(2) on the process's descriptors. (A FileStream over descriptor 1 would be wrong when stdout
/// is a regular file: it writes at its own offset, from 0, over what is already there.)
/// </summary>
public static class StandardStreams
{
    public static Stream Input() => Console.OpenStandardInput(bufferSize: 0);

    public static Stream Output() => Console.OpenStandardOutput(bufferSize: 0);
}
