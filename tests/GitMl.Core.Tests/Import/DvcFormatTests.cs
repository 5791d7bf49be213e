using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core.Import;
using GitMl.Core.Locks;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Import;

/// <summary>The pure parts of `git ml import dvc`: DVC's files read, DVC's directory hash reproduced, the lock converted.</summary>
public sealed class DvcFormatTests
{
    private const string Md5A = "b026324c6904b2a9cb4b88d6d61c81d1";

    [Fact]
    public void A_dvc_file_written_by_dvc_3_is_read_with_paths_from_the_top_of_the_working_tree()
    {
        var file = DvcFileParser.Parse($"outs:\n- md5: {Md5A.ToUpperInvariant()}\n  size: 2\n  hash: md5\n  path: customer_data.csv\n  desc: raw export\n", "data/raw/customer_data.csv.dvc");

        var output = Assert.Single(file.Outs);
        Assert.Equal("data/raw/customer_data.csv", output.Path);
        Assert.Equal(Md5A, output.Hash);
        Assert.Equal(2, output.Size);
        Assert.False(output.IsDirectory);
        Assert.True(DvcFile.IsCached(output));
        Assert.Null(file.ImportedFrom);
    }

    [Fact]
    public void Directories_uncached_outputs_dvc_2_files_and_imports_are_recognised()
    {
        var file = DvcFileParser.Parse(
            "md5: 0123\nwdir: ..\ndeps:\n- path: data/images\n  repo:\n    url: https://github.com/example/registry\nouts:\n" +
            "- md5: 76ba90a7e1f2b8cec348101ab47e7b4f.dir\n  size: 10\n  nfiles: 2\n  path: images\n- path: notes.txt\n  cache: false\n",
            "sub/images.dvc");

        Assert.Equal("images", file.Outs[0].Path);
        Assert.True(file.Outs[0].IsDirectory);
        Assert.Equal(2, file.Outs[0].FileCount);
        Assert.Equal("md5-dos2unix", file.Outs[0].HashKind);
        Assert.False(DvcFile.IsCached(file.Outs[1]));
        Assert.Equal("", file.Outs[1].Hash);
        Assert.Equal("https://github.com/example/registry (data/images)", file.ImportedFrom);
    }

    [Theory]
    [InlineData("- just a list\n", "a .dvc file is a mapping")]
    [InlineData("meta:\n  owner: me\n", "lists nothing")]
    [InlineData("outs:\n- md5: abc\n  path: ../../elsewhere.csv\n", "outside the working tree")]
    [InlineData("outs:\n- md5: abc\n  path: s3://bucket/data.csv\n", "outside the working tree")]
    [InlineData("outs:\n- md5: abc\n  path: ../.git/hooks/pre-commit\n", "inside Git's own directory")]
    [InlineData("outs:\n- md5: abc\n", "has no path")]
    [InlineData("outs: [unclosed\n", "not valid YAML")]
    public void A_file_that_is_not_a_dvc_file_is_an_error_naming_it(string text, string problem)
    {
        var error = Assert.Throws<PipelineFormatException>(() => DvcFileParser.Parse(text, "data/x.dvc"));
        Assert.StartsWith("data/x.dvc", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_directory_listing_is_encoded_byte_for_byte_as_python_json_dumps_with_sort_keys()
    {
        // Expected bytes and md5 from python3: json.dumps(sorted(entries, key=relpath), sort_keys=True).
        DvcDirListing.Entry[] entries = [new("b/x.csv", Md5A), new("a\u00e9 \"q\".txt", "26ab0db90d72e28ad0ba1e22ee510510")];

        byte[] encoded = DvcDirListing.Encode(entries);

        Assert.Equal("[{\"md5\": \"26ab0db90d72e28ad0ba1e22ee510510\", \"relpath\": \"a\\u00e9 \\\"q\\\".txt\"}, {\"md5\": \"b026324c6904b2a9cb4b88d6d61c81d1\", \"relpath\": \"b/x.csv\"}]", Encoding.UTF8.GetString(encoded));
        Assert.Equal("76ba90a7e1f2b8cec348101ab47e7b4f", DualHash.Md5Hex(encoded));
        Assert.Equal(entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal), DvcDirListing.Parse(encoded));
    }

    [Theory]
    [InlineData("{\"md5\": \"x\"}")]
    [InlineData("[{\"relpath\": \"a\"}]")]
    [InlineData("not json")]
    public void A_damaged_directory_listing_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => DvcDirListing.Parse(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Dvc_config_gives_remotes_the_default_remote_and_the_cache_folder()
    {
        var config = DvcConfig.Parse("[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://ml-bucket/dvc\n" +
            "[remote \"backup\"]\n    url = ../../backup\n['remote \"gcs\"']\n    url = gs://bucket/x\n[cache]\n    dir = /mnt/dvc-cache\n");

        Assert.Equal("storage", config.DefaultRemote);
        Assert.Equal("/mnt/dvc-cache", config.CacheDirectory);
        Assert.Equal(["storage", "backup", "gcs"], config.Remotes.Select(r => r.Name));
        Assert.Equal(["s3://ml-bucket/dvc", "../backup", null], config.Remotes.Select(DvcConfig.GitMlUrl));
    }

    [Fact]
    public void The_lock_is_converted_entry_by_entry_and_unfound_entries_keep_their_md5()
    {
        var extra = new Dictionary<string, string>();
        var dvcLock = new LockFile("2.0", new Dictionary<string, LockedStage>
        {
            ["train"] = new("python train.py",
                [new("data/train.csv", "md5", Md5A, 2, null, extra), new("src/train.py", "", "c4ca4238a0b923820dcc509a6f75849b", 1, null, extra)],
                new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>> { ["params.yaml"] = new Dictionary<string, JsonNode?> { ["train.epochs"] = 10 } },
                [new("models/model.pkl", "md5", "eccbc87e4b5ce2fe28308fd9f2a7baf3", 1, null, extra), new("old.bin", "sha256", new string('a', 64), 1, null, extra)],
                extra),
        }, extra);
        var digest = new ContentDigest(Md5A, new string('f', 64), 2, null);

        var result = LockConversion.Convert(dvcLock, (stage, isOutput, entry) => entry.Path == "models/model.pkl" ? null : LockConversion.WithSha256(entry, digest));

        Assert.Equal(2, result.Converted);
        var (stageName, unconverted) = Assert.Single(result.Unconverted);
        Assert.Equal(("train", "models/model.pkl"), (stageName, unconverted.Path));
        var train = result.Lock.Stages["train"];
        Assert.All(train.Deps, d => Assert.Equal(("sha256", new string('f', 64)), (d.HashKind, d.Hash)));
        Assert.Equal("md5", train.Outs[0].HashKind);
        Assert.Equal(new string('a', 64), train.Outs[1].Hash);
        Assert.Equal(10, train.Params["params.yaml"]["train.epochs"]!.GetValue<int>());
        Assert.Equal("python train.py", train.Command);
    }

    [Theory]
    [InlineData("model.pkl", ".gitignore", "/model.pkl")]
    [InlineData("data/raw/customer_data.csv", "data/raw/.gitignore", "/customer_data.csv")]
    public void Dvc_gitignore_entries_are_found_next_to_the_data(string path, string gitIgnore, string entry) =>
        Assert.Equal((gitIgnore, entry), DvcGitIgnore.EntryFor(path));

    [Fact]
    public void Only_dvcs_own_entry_is_removed_from_a_gitignore()
    {
        List<string> lines = ["# mine", "*.tmp", "/model.pkl", "/model.pkl.bak", "/images/"];

        Assert.True(DvcGitIgnore.Remove(lines, "/model.pkl"));
        Assert.True(DvcGitIgnore.Remove(lines, "/images"));
        Assert.False(DvcGitIgnore.Remove(lines, "/other"));

        Assert.Equal(["# mine", "*.tmp", "/model.pkl.bak"], lines);
    }
}
