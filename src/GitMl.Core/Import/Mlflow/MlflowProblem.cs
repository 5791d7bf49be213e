namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// Something of the MLflow file store that was not imported, or not as it was: where (a path relative to the store's
/// root, '/'-separated) and why, in a sentence of ours. Both may hold characters from someone else's file names:
/// print them through <see cref="IO.TerminalText.Escape"/>.
/// </summary>
public sealed record MlflowProblem(string Path, string Reason);
