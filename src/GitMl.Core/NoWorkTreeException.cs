namespace GitMl.Core;

/// <summary>A command that needs a working tree ran in a bare repository (a usage error: run it in a clone).</summary>
public sealed class NoWorkTreeException(string gitDirectory)
    : Exception($"this command needs a working tree, and {gitDirectory} is a bare repository: run it in a clone with files");
