using System.Text.Json.Nodes;
using GitMl.Core.Locks;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Locks;

public sealed class LockFileFormatTests
{
    private static readonly Dictionary<string, string> NoExtra = [];

    private static LockedPath File(string path, string hash, long size) => new(path, "sha256", hash, size, null, NoExtra);

    private static LockFile Sample() => new("2.0", new Dictionary<string, LockedStage>
    {
        ["train"] = new("python src/train.py",
            [File("src/train.py", new string('b', 64), 120), File("data/processed", new string('c', 64) + ".dir", 3000) with { FileCount = 2 }],
            new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>
            {
                ["params.yaml"] = new Dictionary<string, JsonNode?>
                {
                    ["train.learning_rate"] = JsonValue.Create(0.01),
                    ["train.epochs"] = JsonValue.Create(10L),
                    ["train.optimizer"] = JsonValue.Create("adam"),
                    ["train.layers"] = new JsonArray(JsonValue.Create(64L), JsonValue.Create(32L)),
                    ["train.flag"] = JsonValue.Create(true),
                    ["train.name"] = JsonValue.Create("yes"),
                },
            },
            [File("models/model.pkl", new string('d', 64), 5000)],
            NoExtra),
        ["prepare"] = new("python src/prepare.py\npython src/split.py",
            [File("data/raw/customer_data.csv", new string('a', 64), 100)],
            new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>
            {
                ["params.yaml"] = new Dictionary<string, JsonNode?> { ["prepare.train_split"] = JsonValue.Create(0.8) },
            },
            [File("data/processed", new string('c', 64) + ".dir", 3000) with { FileCount = 2 }],
            NoExtra),
    }, NoExtra);

    [Fact]
    public void The_writer_emits_dvc_lock_layout_in_canonical_order()
    {
        string text = LockFileWriter.Write(Sample());

        Assert.Equal($"""
            schema: '2.0'
            stages:
              prepare:
                cmd:
                - python src/prepare.py
                - python src/split.py
                deps:
                - path: data/raw/customer_data.csv
                  hash: sha256
                  sha256: {new string('a', 64)}
                  size: 100
                params:
                  params.yaml:
                    prepare.train_split: 0.8
                outs:
                - path: data/processed
                  hash: sha256
                  sha256: {new string('c', 64)}.dir
                  size: 3000
                  nfiles: 2
              train:
                cmd: python src/train.py
                deps:
                - path: data/processed
                  hash: sha256
                  sha256: {new string('c', 64)}.dir
                  size: 3000
                  nfiles: 2
                - path: src/train.py
                  hash: sha256
                  sha256: {new string('b', 64)}
                  size: 120
                params:
                  params.yaml:
                    train.epochs: 10
                    train.flag: true
                    train.layers: [64, 32]
                    train.learning_rate: 0.01
                    train.name: 'yes'
                    train.optimizer: adam
                outs:
                - path: models/model.pkl
                  hash: sha256
                  sha256: {new string('d', 64)}
                  size: 5000

            """.Replace("\r", "", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Reading_what_was_written_and_writing_it_again_gives_the_same_bytes()
    {
        string first = LockFileWriter.Write(Sample());
        var read = LockFileReader.Read(first, "ml.lock");
        Assert.Equal(first, LockFileWriter.Write(read));
        Assert.Equal("adam", read.Stages["train"].Params["params.yaml"]["train.optimizer"]!.GetValue<string>());
        Assert.Equal(10L, read.Stages["train"].Params["params.yaml"]["train.epochs"]!.GetValue<long>());
        Assert.Equal("python src/prepare.py\npython src/split.py", read.Stages["prepare"].Command);
        Assert.Equal(2, read.Stages["train"].Deps.Single(d => d.Path == "data/processed").FileCount);
    }

    [Fact]
    public void A_dvc_lock_written_by_dvc_is_read_and_unknown_keys_are_kept()
    {
        const string dvcLock = """
            schema: '2.0'
            stages:
              prepare:
                cmd: python src/prepare.py
                deps:
                - path: data/raw/customer_data.csv
                  md5: 8c7dd922ad47494fc02c388e12c00eac
                  size: 14445097
                  isexec: true
                params:
                  params.yaml:
                    prepare.train_split: 0.8
                outs:
                - path: data/processed
                  hash: md5
                  md5: 1b4a8b36c0c1b0bc8bfc7b0d8d3d2e3c.dir
                  size: 5000
                  nfiles: 2
                frozen: true
            """;

        var read = LockFileReader.Read(dvcLock, "dvc.lock");

        var dep = read.Stages["prepare"].Deps.Single();
        // md5 alone is how DVC before 3.0 wrote it: DVC 3 reads it as "md5-dos2unix", and so does git-ml.
        Assert.Equal(("md5-dos2unix", "8c7dd922ad47494fc02c388e12c00eac", 14445097L), (dep.HashKind, dep.Hash, dep.Size));
        Assert.Equal("md5", read.Stages["prepare"].Outs.Single().HashKind);
        Assert.Equal("true", dep.Extra["isexec"]);
        Assert.Equal("true", read.Stages["prepare"].Extra["frozen"]);
        Assert.True(read.Stages["prepare"].Outs.Single().IsDirectory);
        string rewritten = LockFileWriter.Write(read);
        Assert.Contains("  isexec: true", rewritten, StringComparison.Ordinal);
        // Written back as DVC 2 wrote it, so the kind survives a round trip (DVC 3 reads it the same way).
        Assert.Contains("- path: data/raw/customer_data.csv\n      md5: 8c7dd922ad47494fc02c388e12c00eac\n", rewritten, StringComparison.Ordinal);
        Assert.Equal(rewritten, LockFileWriter.Write(LockFileReader.Read(rewritten, "dvc.lock")));
    }

    [Fact]
    public void An_external_dependency_is_read_by_its_etag_as_dvc_writes_it_and_round_trips_in_ml_lock()
    {
        // DVC's dvc.lock for `deps: [https://...]` and `s3://...`: the ETag, quoted as the server sent it, and a size.
        const string dvcLock = """
            schema: '2.0'
            stages:
              download:
                cmd: python get.py
                deps:
                - path: https://data.example.org/raw.csv
                  etag: '"5f5c-5b6b1d0c"'
                  size: 24412
                - path: s3://bucket/raw/images
                  etag: 0a1b2c3d
                  size: 100
                  nfiles: 3
                outs:
                - path: raw.csv
                  hash: md5
                  md5: 8c7dd922ad47494fc02c388e12c00eac
                  size: 24412
            """;

        var deps = LockFileReader.Read(dvcLock, "dvc.lock").Stages["download"].Deps;

        Assert.Equal(("etag", "5f5c-5b6b1d0c", 24412L), (deps[0].HashKind, deps[0].Hash, deps[0].Size));
        Assert.Equal(("etag", "0a1b2c3d", 3), (deps[1].HashKind, deps[1].Hash, deps[1].FileCount));
        Assert.Empty(deps[0].Extra);
        string written = LockFileWriter.Write(LockFileReader.Read(dvcLock, "dvc.lock"));
        Assert.Contains("- path: https://data.example.org/raw.csv\n      hash: etag\n      etag: 5f5c-5b6b1d0c\n      size: 24412\n", written, StringComparison.Ordinal);
        Assert.Equal(written, LockFileWriter.Write(LockFileReader.Read(written, "ml.lock")));
    }

    [Fact]
    public void A_dvc_1_lock_file_has_its_stages_at_the_top_and_no_schema()
    {
        // As DVC 1.x wrote dvc.lock (example-get-started at DVC 1.0): DVC reads a file without `schema` as version 1.
        const string text = """
            prepare:
              cmd: python src/prepare.py data/data.xml
              deps:
              - path: data/data.xml
                md5: a304afb96060aad90176268345e10355
              - path: src/prepare.py
                md5: 285af85d794bb57e5d09ace7209f3519
              params:
                params.yaml:
                  prepare.seed: 20170428
                  prepare.split: 0.2
              outs:
              - path: data/prepared
                md5: 20b786b6e6f80e2b3fcf17827ad18597.dir
            featurize:
              cmd: python src/featurization.py data/prepared data/features
              deps:
              - path: data/prepared
                md5: 20b786b6e6f80e2b3fcf17827ad18597.dir
              outs:
              - path: data/features
                md5: 68f09bfe0a5ed2ec7c7ae5b0e3a06a8b.dir
            """;

        var read = LockFileReader.Read(text, "dvc.lock");

        Assert.Equal(["prepare", "featurize"], read.Stages.Keys.Order(StringComparer.Ordinal).Reverse());
        var prepare = read.Stages["prepare"];
        Assert.Equal("python src/prepare.py data/data.xml", prepare.Command);
        Assert.Equal(("data/data.xml", "md5-dos2unix", "a304afb96060aad90176268345e10355"), (prepare.Deps[0].Path, prepare.Deps[0].HashKind, prepare.Deps[0].Hash));
        Assert.Equal("0.2", prepare.Params["params.yaml"]["prepare.split"]!.ToJsonString());
        Assert.True(prepare.Outs[0].IsDirectory);
        Assert.Empty(read.Extra);
    }

    [Theory]
    [InlineData("stages: [1, 2]", 1)]
    [InlineData("schema: '2.0'\nstages:\n  a:\n    deps: nope\n", 4)]
    [InlineData("schema: '2.0'\nstages:\n  a:\n    outs:\n    - hash: md5\n", 5)]
    [InlineData("schema: [\n", 2)]
    public void A_broken_lock_file_is_an_error_naming_the_line(string text, int line)
    {
        var e = Assert.Throws<PipelineFormatException>(() => LockFileReader.Read(text, "ml.lock"));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"ml.lock:{line}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_lock_file_has_no_stages()
    {
        Assert.Empty(LockFileReader.Read("", "ml.lock").Stages);
        Assert.Equal("schema: '2.0'\nstages: {}\n", LockFileWriter.Write(LockFile.Empty));
    }
}
