using GitMl.TestServers;

namespace GitMl.Storage.Tests.Support;

/// <summary>Test classes in this collection share one s3rver (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedS3rver : ICollectionFixture<S3rverServer>
{
    public const string Name = "s3rver";
}

/// <summary>Test classes in this collection share one Azurite (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedAzurite : ICollectionFixture<AzuriteServer>
{
    public const string Name = "azurite";
}

/// <summary>
/// Tests that stream hundreds of megabytes and watch process-wide memory: they run alone, after the parallel
/// collections, each class with its own server (IClassFixture).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeObjects
{
    public const string Name = "large objects";
}
