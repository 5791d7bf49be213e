using System.Text;
using GitMl.Core.Hooks;
using GitMl.Core.Objects;
using GitMl.Core.Settings;

namespace GitMl.Core.Tests.Hooks;

public sealed class PreCommitCheckTests
{
    private static readonly MlSettings Defaults = MlSettings.Defaults;

    private static PreCommitCheck.StagedFile Text(string path, int size) =>
        new(path, "blob", size, size <= Defaults.PreCommitMaxSize ? Encoding.ASCII.GetBytes(new string('a', size)) : null);

    private static PreCommitCheck.StagedFile Binary(string path, int size)
    {
        byte[] content = new byte[size];
        content[size / 2] = 0;
        return new(path, "blob", size, size <= Defaults.PreCommitMaxSize ? content : null);
    }

    private static PreCommitCheck.StagedFile PointerTo(string path, ObjectId oid, long size)
    {
        byte[] bytes = new Pointer(oid, size).Encode();
        return new(path, "blob", bytes.Length, bytes);
    }

    private static ObjectId Oid(char c) => ObjectId.Parse(new string(c, 64));

    [Fact]
    public void Small_text_passes_large_and_binary_files_are_blocked()
    {
        var violations = PreCommitCheck.Classify(
            [Text("a.py", 100), Text("big.csv", 2 << 20), Binary("img.png", 4000), Text("exactly.txt", 1 << 20)],
            Defaults, _ => true);

        Assert.Equal(
            [("big.csv", PreCommitViolationKind.TooLarge), ("img.png", PreCommitViolationKind.Binary)],
            violations.Select(v => (v.Path, v.Kind)));
    }

    [Fact]
    public void Pointers_pass_when_their_object_is_stored_and_are_blocked_when_it_is_not()
    {
        var present = Oid('a');
        var missing = Oid('b');
        var violations = PreCommitCheck.Classify(
            [PointerTo("m1.bin", present, 5 << 20), PointerTo("m2.bin", missing, 7)],
            Defaults, oid => oid == present);

        var v = Assert.Single(violations);
        Assert.Equal(("m2.bin", PreCommitViolationKind.MissingObject, missing.Hex, 7L), (v.Path, v.Kind, v.Oid, v.Size));
    }

    [Fact]
    public void Allow_patterns_size_limit_and_the_binary_switch_are_honoured()
    {
        var settings = Defaults with { PreCommitMaxSize = 4 << 20, PreCommitBlockBinary = false, PreCommitAllow = ["docs/**"] };
        var violations = PreCommitCheck.Classify(
            [Text("three.csv", 3 << 20), Binary("small.bin", 100), Text("docs/huge.txt", 9 << 20), Text("huge.txt", 9 << 20)],
            settings, _ => true);

        Assert.Equal(["huge.txt"], violations.Select(v => v.Path));
    }

    [Fact]
    public void Binary_means_a_nul_byte_in_the_first_8000_bytes_as_git_decides()
    {
        byte[] late = Enumerable.Repeat((byte)'a', 9000).ToArray();
        late[8500] = 0;
        byte[] early = Enumerable.Repeat((byte)'a', 9000).ToArray();
        early[7999] = 0;
        Assert.False(PreCommitCheck.IsBinary(late));
        Assert.True(PreCommitCheck.IsBinary(early));
        Assert.False(PreCommitCheck.IsBinary([]));
    }

    [Fact]
    public void The_report_names_each_file_its_size_and_the_fixes()
    {
        var report = PreCommitReport.Render(
        [
            new("models/model.bin", 5 << 20, PreCommitViolationKind.TooLarge),
            new("it's.png", 4000, PreCommitViolationKind.Binary),
            new("w.pt", 3 << 20, PreCommitViolationKind.NotCleaned),
            new("m.bin", 10, PreCommitViolationKind.MissingObject, new string('c', 64)),
        ], Defaults);

        Assert.Contains("4 staged files need attention", report, StringComparison.Ordinal);
        Assert.Contains("models/model.bin", report, StringComparison.Ordinal);
        Assert.Contains("5.0 MiB", report, StringComparison.Ordinal);
        Assert.Contains("larger than 1.0 MiB", report, StringComparison.Ordinal);
        Assert.Contains("git ml add models/model.bin 'it'\\''s.png'", report, StringComparison.Ordinal);
        Assert.Contains("git rm --cached models/model.bin 'it'\\''s.png'", report, StringComparison.Ordinal);
        Assert.Contains("git add --renormalize w.pt", report, StringComparison.Ordinal);
        Assert.Contains("object cccccccccccc missing", report, StringComparison.Ordinal);
        Assert.Contains("git commit --no-verify", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Lock_and_params_files_with_conflict_markers_are_refused_other_files_are_not()
    {
        static PreCommitCheck.StagedFile File(string path, string text) => new(path, "blob", text.Length, Encoding.UTF8.GetBytes(text));
        const string marked = "a: 1\n<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n";
        var staged = new[] { File("ml.lock", marked), File("sub/dvc.lock", marked), File("conf/train.yaml", marked), File("notes.md", marked), File("params.yaml", "a: 1\n") };

        var candidates = UnresolvedMerges.WithMarkers(staged);
        var violations = UnresolvedMerges.Find(candidates, path => path == "conf/train.yaml" ? "ml-params" : null);

        Assert.Equal(["ml.lock", "sub/dvc.lock", "conf/train.yaml"], violations.Select(v => v.Path));
        Assert.All(violations, v => Assert.Equal(2, v.Line));
        string report = PreCommitReport.Render(violations, Defaults);
        Assert.Contains("conflict marker at line 2", report, StringComparison.Ordinal);
        Assert.Contains("git ml repro STAGE", report, StringComparison.Ordinal);
        Assert.Contains("git add ml.lock sub/dvc.lock conf/train.yaml", report, StringComparison.Ordinal);
    }
}
