using GitMl.Storage.Adapters;
using GitMl.Storage.Azure;
using GitMl.Storage.S3;

namespace GitMl.Storage.Tests.Adapters;

public sealed class ChunkPlanTests
{
    private const int SixteenMiB = 16 << 20;

    [Theory]
    [InlineData(1L << 20, 16 << 20)]
    [InlineData(160_000L << 20, 16 << 20)] // exactly 10,000 parts
    [InlineData((160_000L << 20) + 1, 17 << 20)] // one byte more: parts grow to the next MiB
    [InlineData(1L << 40, 105 << 20)] // 1 TiB
    public void S3_parts_grow_when_an_object_would_need_more_than_10000(long length, int expected) =>
        Assert.Equal(expected, ChunkPlan.ChunkSize(length, SixteenMiB, S3StoreOptions.MaxParts));

    [Theory]
    [InlineData(1L << 20, 16 << 20)]
    [InlineData(800_000L << 20, 16 << 20)] // exactly 50,000 blocks
    [InlineData((800_000L << 20) + 1, 17 << 20)]
    public void Azure_blocks_grow_when_an_object_would_need_more_than_50000(long length, int expected) =>
        Assert.Equal(expected, ChunkPlan.ChunkSize(length, SixteenMiB, AzureStoreOptions.MaxBlocks));

    [Fact]
    public void An_object_too_large_for_any_chunk_size_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.ChunkSize(long.MaxValue, SixteenMiB, S3StoreOptions.MaxParts));
}
