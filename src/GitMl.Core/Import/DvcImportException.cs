namespace GitMl.Core.Import;

/// <summary>The import stopped before removing anything DVC needs; the message says why and what to do.</summary>
public sealed class DvcImportException(string message) : Exception(message);
