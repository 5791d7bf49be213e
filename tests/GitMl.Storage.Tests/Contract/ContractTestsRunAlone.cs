namespace GitMl.Storage.Tests.Contract;

/// <summary>
/// Every backend's contract tests run in this collection, alone: they move hundreds of megabytes (which would
/// slow every other test down), and the large-object test measures the heap, which other tests would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContractTestsRunAlone
{
    public const string Name = "Blob store contract";
}
