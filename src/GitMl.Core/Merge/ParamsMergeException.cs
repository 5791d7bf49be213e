namespace GitMl.Core.Merge;

/// <summary>
/// A parameters file whose change the key-level merge cannot place without risking the file's meaning (an alias, a
/// key that is a value on one side and a section on the other, an addition inside a JSON object). The merge driver
/// falls back to a line-based merge and says why.
/// </summary>
public sealed class ParamsMergeException(string message) : Exception(message);
