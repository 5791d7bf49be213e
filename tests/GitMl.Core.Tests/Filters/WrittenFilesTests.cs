using System.Diagnostics;
using GitMl.Core.Filters;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Git;
using GitMl.Protocol.FilterProcess;
using static GitMl.Core.Tests.Objects.TestContent;

namespace GitMl.Core.Tests.Filters;

/// <summary>
/// The clean filter answers from the record of a file git-ml wrote only while that file is exactly as written; any
/// change (in place with the mtime put back, a rename over it) sends it through the hash again.
/// </summary>
public sealed class WrittenFilesTests : IDisposable
{
    private const int Size = 3 << 20;
    private readonly TempDirectory _dir = new("written-files");
    private readonly ObjectStore _store;
    private readonly RepositoryLayout _layout;

    public WrittenFilesTests()
    {
        string git = _dir.Combine("work", ".git");
        Directory.CreateDirectory(git);
        _layout = new RepositoryLayout(_dir.Combine("work"), git, git, Path.Combine(git, "hooks"));
        _store = new ObjectStore(Path.Combine(git, "ml"));
    }

    public void Dispose() => _dir.Dispose();

    private string Work(string path) => Path.Combine(_layout.WorkTree!, path);

    private MlFilter Filter(bool parentReadsWorkingFiles = true) =>
        new(_store, false, () => [], TextWriter.Null, written: WrittenFiles.For(_layout, () => parentReadsWorkingFiles));

    /// <summary>Writes the object as the post-checkout hook does and records it.</summary>
    private Pointer Materialize(byte[] content, string path)
    {
        var pointer = _store.Add(new MemoryStream(content)).ToPointer();
        var stamp = WorktreeContent.WriteFile(_store, pointer, _layout.WorkTree!, path, path);
        Assert.NotNull(stamp);
        WrittenFiles.For(_layout)!.Record(path, stamp.Value, pointer);
        return pointer;
    }

    private (FilterStatus, Pointer, MemoryStream Input) Clean(string path, byte[] input, bool parentReadsWorkingFiles = true)
    {
        var stream = new MemoryStream(input);
        var output = new MemoryStream();
        var status = Filter(parentReadsWorkingFiles).Clean(path, stream, output);
        return (status, Pointer.Parse(output.ToArray()), stream);
    }

    private static void Touch(params string[] args)
    {
        using var touch = Process.Start(new ProcessStartInfo("touch", args) { UseShellExecute = false })!;
        touch.WaitForExit();
        Assert.Equal(0, touch.ExitCode);
    }

    [Fact]
    public void An_unchanged_written_file_is_answered_from_its_record_and_its_input_is_drained()
    {
        var pointer = Materialize(Random(Size, 1), "data/a.bin");
        // The record answers without hashing: even bytes that are not the file's give the recorded pointer, and
        // nothing new lands in the store. (Git sends the file's own bytes; this shows the input is not hashed.)
        var (status, answer, input) = Clean("data/a.bin", Random(Size, 99));

        Assert.Equal(FilterStatus.Success, status);
        Assert.Equal(pointer, answer);
        Assert.Equal(input.Length, input.Position);
        Assert.Single(_store.Enumerate());
    }

    [Fact]
    public void A_written_file_changed_in_place_with_its_mtime_restored_is_hashed()
    {
        Materialize(Random(Size, 2), "a.bin");
        byte[] changed = Random(Size, 3);
        File.WriteAllText(_dir.Combine("reference"), "");
        Touch("-r", Work("a.bin"), _dir.Combine("reference"));
        using (var file = new FileStream(Work("a.bin"), FileMode.Open, FileAccess.Write))
        {
            file.Write(changed);
        }
        Touch("-r", _dir.Combine("reference"), Work("a.bin"));

        var (_, answer, _) = Clean("a.bin", changed);

        Assert.Equal(Sha256Hex(changed), answer.Oid.Hex);
    }

    [Fact]
    public void A_file_renamed_over_a_written_file_with_the_same_size_and_mtime_is_hashed()
    {
        Materialize(Random(Size, 4), "a.bin");
        byte[] other = Random(Size, 5);
        File.WriteAllBytes(_dir.Combine("work", "other"), other);
        Touch("-r", Work("a.bin"), Work("other"));
        File.Move(Work("other"), Work("a.bin"), overwrite: true);

        var (_, answer, _) = Clean("a.bin", other);

        Assert.Equal(Sha256Hex(other), answer.Oid.Hex);
    }

    [Fact]
    public void Another_path_with_no_record_is_hashed()
    {
        Materialize(Random(Size, 6), "a.bin");
        byte[] content = Random(Size, 7);
        File.WriteAllBytes(Work("b.bin"), content);

        var (_, answer, _) = Clean("b.bin", content);

        Assert.Equal(Sha256Hex(content), answer.Oid.Hex);
    }

    [Fact]
    public void A_written_file_deleted_since_is_hashed()
    {
        Materialize(Random(Size, 8), "a.bin");
        File.Delete(Work("a.bin"));
        byte[] content = Random(Size, 9);

        var (_, answer, _) = Clean("a.bin", content);

        Assert.Equal(Sha256Hex(content), answer.Oid.Hex);
    }

    [Fact]
    public void Other_bytes_sent_under_the_name_of_a_written_file_are_hashed_when_git_is_not_reading_working_files()
    {
        // `git hash-object --path=a.bin other-file`: the record must not answer for bytes that are not the file's.
        Materialize(Random(Size, 10), "a.bin");
        byte[] other = Random(Size, 11);

        var (_, answer, _) = Clean("a.bin", other, parentReadsWorkingFiles: false);

        Assert.Equal(Sha256Hex(other), answer.Oid.Hex);
    }

    [Theory]
    [InlineData("git update-index -q --refresh", true)]
    [InlineData("git status --porcelain", true)]
    [InlineData("git -C repo add big.bin", true)]
    [InlineData("git hash-object --path=a.bin other", false)]
    [InlineData("git cat-file --filters HEAD:a.bin", false)]
    [InlineData("git blame --contents other a.bin", false)]
    [InlineData("git merge side", false)]
    public void Only_commands_that_clean_working_files_use_the_records(string commandLine, bool applies) =>
        Assert.Equal(applies, WrittenFiles.ReadsWorkingFiles(commandLine.Split(' ')));
}
