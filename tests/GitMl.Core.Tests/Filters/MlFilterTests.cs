using System.Security.Cryptography;
using System.Text;
using GitMl.Core.Filters;
using GitMl.Core.Objects;
using GitMl.Protocol.FilterProcess;

namespace GitMl.Core.Tests.Filters;

/// <summary>Clean and smudge on plain streams, with a real store in a temporary folder.</summary>
public sealed class MlFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("git-ml-filter-").FullName;
    private readonly StringWriter _diagnostics = new();
    private readonly ObjectStore _store;

    public MlFilterTests() => _store = new ObjectStore(Path.Combine(_dir, "ml"));

    public void Dispose()
    {
        foreach (string file in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        Directory.Delete(_dir, true);
        _diagnostics.Dispose();
    }

    private MlFilter Filter(bool skipSmudge = false, params IObjectSource[] sources) => new(_store, skipSmudge, () => sources, _diagnostics);

    private static byte[] Random(int size, int seed)
    {
        byte[] bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static (FilterStatus Status, byte[] Output) Apply(Func<string, Stream, Stream, FilterStatus> step, byte[] input, string path = "f.bin")
    {
        using var output = new MemoryStream();
        var status = step(path, new MemoryStream(input), output);
        return (status, output.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(3 << 20)]
    public void Clean_then_smudge_round_trips_any_size(int size)
    {
        byte[] content = Random(size, size);
        var (cleanStatus, pointerBytes) = Apply(Filter().Clean, content);
        Assert.Equal(FilterStatus.Success, cleanStatus);
        var pointer = Pointer.Parse(pointerBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), pointer.Oid.Hex);
        Assert.Equal(size, pointer.Size);

        var (smudgeStatus, restored) = Apply(Filter().Smudge, pointerBytes);
        Assert.Equal(FilterStatus.Success, smudgeStatus);
        Assert.Equal(content, restored);
    }

    [Fact]
    public void Clean_of_an_empty_file_is_the_empty_blob_and_smudge_keeps_it_empty()
    {
        // As git-lfs does: a 0-byte file is stored as git's empty blob, so git never sees it as modified.
        var (cleanStatus, cleaned) = Apply(Filter().Clean, []);
        Assert.Equal(FilterStatus.Success, cleanStatus);
        Assert.Empty(cleaned);

        var (smudgeStatus, smudged) = Apply(Filter().Smudge, []);
        Assert.Equal(FilterStatus.Success, smudgeStatus);
        Assert.Empty(smudged);
    }

    [Fact]
    public void Clean_keeps_a_pointer_as_it_is_and_stores_nothing()
    {
        byte[] pointer = new Pointer(ObjectId.Parse(new string('d', 64)), 42).Encode();
        var (status, output) = Apply(Filter().Clean, pointer);
        Assert.Equal(FilterStatus.Success, status);
        Assert.Equal(pointer, output);
        Assert.False(Directory.Exists(_store.ObjectsDirectory));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(1024)]
    [InlineData(20 << 20)]
    public void Smudge_passes_content_that_is_not_a_pointer_through_byte_for_byte(int size)
    {
        byte[] content = Random(size, 99);
        var (status, output) = Apply(Filter().Smudge, content);
        Assert.Equal(FilterStatus.Success, status);
        Assert.Equal(content, output);
        Assert.Equal("", _diagnostics.ToString());
    }

    [Fact]
    public void Smudge_warns_about_a_damaged_pointer_and_passes_it_through()
    {
        byte[] damaged = Encoding.ASCII.GetBytes($"version https://git-ml.dev/spec/v1\noid sha256:{new string('A', 64)}\nsize 1\n");
        var (status, output) = Apply(Filter().Smudge, damaged, "bad.bin");
        Assert.Equal(FilterStatus.Success, status);
        Assert.Equal(damaged, output);
        Assert.Contains("'bad.bin' looks like a damaged git-ml pointer", _diagnostics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Smudge_of_a_missing_object_fails_naming_path_oid_and_next_step()
    {
        var oid = ObjectId.Parse(new string('e', 64));
        var (status, output) = Apply(Filter().Smudge, new Pointer(oid, 10).Encode(), "data/x.bin");
        Assert.Equal(FilterStatus.Error, status);
        Assert.Empty(output);
        string message = _diagnostics.ToString();
        Assert.Contains("'data/x.bin'", message, StringComparison.Ordinal);
        Assert.Contains(oid.Hex, message, StringComparison.Ordinal);
        Assert.Contains("GIT_ML_SKIP_SMUDGE=1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smudge_with_skip_writes_the_pointer()
    {
        byte[] pointer = Apply(Filter().Clean, Random(5000, 1)).Output;
        var (status, output) = Apply(Filter(skipSmudge: true).Smudge, pointer);
        Assert.Equal(FilterStatus.Success, status);
        Assert.Equal(pointer, output);
    }

    [Fact]
    public void Smudge_of_a_corrupt_object_fails_after_quarantining_it()
    {
        byte[] content = Random(2 << 20, 5);
        byte[] pointer = Apply(Filter().Clean, content).Output;
        var oid = Pointer.Parse(pointer).Oid;
        string path = _store.PathOf(oid);
        File.SetAttributes(path, FileAttributes.Normal);
        using (var f = File.Open(path, FileMode.Open))
        {
            f.Position = 12345;
            f.WriteByte(0xff);
        }

        var (status, _) = Apply(Filter().Smudge, pointer, "m.bin");

        Assert.Equal(FilterStatus.Error, status);
        Assert.Contains("'m.bin'", _diagnostics.ToString(), StringComparison.Ordinal);
        Assert.Contains("corrupt", _diagnostics.ToString(), StringComparison.Ordinal);
        Assert.False(_store.Contains(oid));
    }

    [Fact]
    public void Smudge_copies_a_missing_object_from_another_store()
    {
        var other = new ObjectStore(Path.Combine(_dir, "other"));
        byte[] content = Random(100_000, 8);
        var stored = other.Add(new MemoryStream(content));

        var (status, output) = Apply(Filter(false, new LocalStoreSource(other)).Smudge, stored.ToPointer().Encode());

        Assert.Equal(FilterStatus.Success, status);
        Assert.Equal(content, output);
        Assert.True(_store.Contains(stored.Oid));
    }

    [Fact]
    public void A_pointer_whose_size_disagrees_with_the_object_fails_without_output()
    {
        var stored = _store.Add(new MemoryStream(Random(3000, 2)));
        var (status, output) = Apply(Filter().Smudge, new Pointer(stored.Oid, 2999).Encode());
        Assert.Equal(FilterStatus.Error, status);
        Assert.Empty(output);
    }
}
