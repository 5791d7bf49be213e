namespace GitMl.Core.Install;

/// <summary>A command that needs git-ml's filter found none configured; the message says how to fix it.</summary>
public sealed class FilterNotConfiguredException() : Exception(Filters.NextSteps.FilterNotConfigured);
