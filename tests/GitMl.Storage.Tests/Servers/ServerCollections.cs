namespace GitMl.Storage.Tests.Servers;

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
