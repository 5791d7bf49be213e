using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core.Locks;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>
/// A remembered parse is used only while every file the parse read holds the same text: rewrites that keep size and
/// times, renames over, link swaps, files appearing or disappearing all parse again; errors are reported as a parse
/// reports them; a damaged or crafted memo is ignored.
/// </summary>
public sealed class ParseMemoTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    // Every feature whose result a memo must carry: params and vars files, ${...} in cmd (params from templates),
    // foreach and matrix, wdir, every output option, frozen, always_changed, desc, meta, top-level metrics and params.
    private const string Rich = """
        vars:
          - extra.yaml
          - inline: 3
        params:
          - other.yaml
        metrics:
          - summary.json
        stages:
          prepare:
            cmd: python prepare.py --lr ${train.lr} --n ${inline}
            wdir: sub
            deps:
              - data/raw
              - prepare.py
            params:
              - train.epochs
              - other.yaml:
                  - k
            outs:
              - data/prepared
              - cache_false.txt:
                  cache: false
                  persist: true
                  desc: a kept file
            metrics:
              - m.json:
                  cache: false
            plots:
              - p.csv
            frozen: true
            always_changed: true
            desc: prepares
            meta:
              owner: me
          each:
            foreach: ${sizes}
            do:
              cmd: echo ${item} ${key}
              outs:
                - out-${key}.txt
          grid:
            matrix:
              model: [a, b]
            cmd: train ${item.model}
            outs:
              - ${item.model}.pkl
        """;

    private readonly TempDirectory _dir = new();

    public ParseMemoTests()
    {
        Write("params.yaml", "train:\n  lr: 0.1\n  epochs: 5\nsizes:\n  small: 1\n  big: 2\n");
        Write("extra.yaml", "extra: 1\n");
        Write("other.yaml", "k: v\n");
        Write("ml.yaml", Rich);
    }

    public void Dispose() => _dir.Dispose();

    private string MemoPath => _dir.Combine("memo");

    private void Write(string relative, string content)
    {
        string path = _dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
    }

    private ParseMemo Memo(string name = "ml.yaml") => new(MemoPath, "pipeline " + name);

    private PipelineSpec Load() => PipelineFiles.Load(_dir.Path, Memo)!;

    /// <summary>What a parse without any memo gives now.</summary>
    private PipelineSpec Parsed() => PipelineFiles.Load(_dir.Path)!;

    /// <summary>Whether the memo holds a parse that the files as they are now may use.</summary>
    private bool Recallable()
    {
        string? ReadFile(string relative) => File.Exists(_dir.Combine(relative)) ? File.ReadAllText(_dir.Combine(relative)) : null;
        return Memo().Recall(File.ReadAllText(_dir.Combine("ml.yaml")), ReadFile) is not null;
    }

    [Fact]
    public void The_recalled_spec_is_the_parsed_one_in_every_property()
    {
        var first = Load();
        Assert.True(Recallable());
        var recalled = Load();
        Assert.Equal(Dump(Parsed()), Dump(first));
        Assert.Equal(Dump(Parsed()), Dump(recalled));
        Assert.Contains("ParamsFromTemplates", Dump(recalled), StringComparison.Ordinal);
        Assert.Equal(5, recalled.Stages.Count);
    }

    [Fact]
    public void Every_property_of_a_spec_is_one_the_codec_knows()
    {
        // A property added to these records must be encoded by PipelineSpecCodec, and set in Rich above.
        Assert.Equal("FilePath Metrics Params Stages", Properties<PipelineSpec>());
        Assert.Equal("AlwaysChanged CommandText Commands Deps Description Frozen Line Meta Metrics Name Outs Params ParamsFromTemplates WorkingDirectory", Properties<StageSpec>());
        Assert.Equal("Cache Description Kind Path Persist", Properties<OutputSpec>());
        Assert.Equal("File Keys WholeFile", Properties<ParamDependency>());
        Assert.Equal("Extra Schema Stages", Properties<LockFile>());
        Assert.Equal("Command Deps Extra Outs Params", Properties<LockedStage>());
        Assert.Equal("Extra FileCount Hash HashKind IsDirectory IsMd5Dos2Unix Path Size", Properties<LockedPath>());
    }

    [Fact]
    public void A_pipeline_file_rewritten_with_its_size_and_times_kept_is_parsed_again()
    {
        Load();
        Write("ml.yaml", Rich.Replace("prepare.py --lr", "prepere.py --lr", StringComparison.Ordinal));
        Assert.False(Recallable());
        Assert.Equal("python prepere.py --lr 0.1 --n 3", Load().Stages[0].Commands[0]);
        Assert.Equal(Dump(Parsed()), Dump(Load()));
    }

    [Fact]
    public void A_params_file_rewritten_with_its_size_and_times_kept_is_parsed_again()
    {
        Load();
        Write("params.yaml", "train:\n  lr: 0.2\n  epochs: 5\nsizes:\n  small: 1\n  big: 2\n");
        Assert.Equal("python prepare.py --lr 0.2 --n 3", Load().Stages[0].Commands[0]);
        Assert.Equal(Dump(Parsed()), Dump(Load()));
    }

    [Fact]
    public void A_vars_file_renamed_over_is_parsed_again()
    {
        Write("ml.yaml", "vars:\n  - conf.yaml\nstages:\n  s:\n    cmd: run ${x}\n");
        Write("conf.yaml", "x: 1\n");
        Assert.Equal("run 1", Load().Stages[0].Commands[0]);
        Write("new.yaml", "x: 2\n");
        File.Move(_dir.Combine("new.yaml"), _dir.Combine("conf.yaml"), overwrite: true);
        Assert.Equal("run 2", Load().Stages[0].Commands[0]);
    }

    [Fact]
    public void A_vars_file_reached_through_a_link_that_now_points_elsewhere_is_parsed_again()
    {
        Write("ml.yaml", "vars:\n  - conf.yaml\nstages:\n  s:\n    cmd: run ${x}\n");
        Write("a.yaml", "x: 1\n");
        Write("b.yaml", "x: 2\n");
        File.CreateSymbolicLink(_dir.Combine("conf.yaml"), "a.yaml");
        Assert.Equal("run 1", Load().Stages[0].Commands[0]);
        File.Delete(_dir.Combine("conf.yaml"));
        File.CreateSymbolicLink(_dir.Combine("conf.yaml"), "b.yaml");
        Assert.Equal("run 2", Load().Stages[0].Commands[0]);
        // The file behind the link changed, the link did not.
        Write("b.yaml", "x: 3\n");
        Assert.Equal("run 3", Load().Stages[0].Commands[0]);
    }

    [Fact]
    public void A_params_file_that_appears_is_parsed_again()
    {
        File.Delete(_dir.Combine("params.yaml"));
        Write("ml.yaml", "vars:\n  - x: 1\nstages:\n  s:\n    cmd: run ${x}\n");
        Assert.Equal("run 1", Load().Stages[0].Commands[0]);
        // params.yaml is read by every parse, present or not: one that appears now redefines x (an error).
        Write("params.yaml", "x: 2\n");
        Assert.False(Recallable());
        var direct = Assert.Throws<PipelineFormatException>(Parsed);
        Assert.Equal(direct.Message, Assert.Throws<PipelineFormatException>(Load).Message);
    }

    [Fact]
    public void Errors_are_reported_as_a_parse_reports_them_after_a_remembered_success()
    {
        Load();
        Write("params.yaml", "train: [unclosed\n");
        var direct = Assert.Throws<PipelineFormatException>(Parsed);
        Assert.Equal(direct.Message, Assert.Throws<PipelineFormatException>(Load).Message);
        Assert.Equal(direct.Message, Assert.Throws<PipelineFormatException>(Load).Message);

        File.Delete(_dir.Combine("extra.yaml"));
        Write("params.yaml", "train:\n  lr: 0.1\n  epochs: 5\nsizes:\n  small: 1\n  big: 2\n");
        direct = Assert.Throws<PipelineFormatException>(Parsed);
        Assert.Contains("extra.yaml", direct.Message, StringComparison.Ordinal);
        Assert.Equal(direct.Message, Assert.Throws<PipelineFormatException>(Load).Message);
    }

    [Fact]
    public void A_memo_of_another_pipeline_file_is_not_used()
    {
        Load();
        Assert.Null(Memo("dvc.yaml").Recall(File.ReadAllText(_dir.Combine("ml.yaml")), _ => null));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("header")]
    public void A_damaged_memo_is_ignored(string damage)
    {
        Load();
        byte[] bytes = File.ReadAllBytes(MemoPath);
        byte[] damaged = damage switch
        {
            "flip" => Flip(bytes, bytes.Length / 2),
            "truncate" => bytes[..(bytes.Length - 5)],
            "garbage" => Encoding.ASCII.GetBytes(new string('x', 500)),
            "empty" => [],
            _ => [.. "git-ml parse memo 9\n"u8, .. bytes["git-ml parse memo 1\n".Length..]],
        };
        File.WriteAllBytes(MemoPath, damaged);
        Assert.False(Recallable());
        Assert.Equal(Dump(Parsed()), Dump(Load()));
        Assert.True(Recallable());
    }

    [Fact]
    public void A_crafted_memo_with_a_valid_checksum_and_a_payload_that_does_not_decode_is_ignored()
    {
        string text = File.ReadAllText(_dir.Combine("ml.yaml"));
        var reads = new List<KeyValuePair<string, string?>>
        {
            new("params.yaml", File.ReadAllText(_dir.Combine("params.yaml"))),
            new("extra.yaml", File.ReadAllText(_dir.Combine("extra.yaml"))),
        };
        // Counts that promise far more than there is (a billion stages), then garbage.
        Memo().Remember(text, reads, [.. "\u0007\0\0\0ml.yaml"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xCA, 0x9A, 0x3B, 0xFF]);
        Assert.True(Recallable());
        Assert.Equal(Dump(Parsed()), Dump(Load()));
    }

    [Fact]
    public void A_lock_file_is_recalled_as_parsed_and_read_again_when_its_text_changes()
    {
        const string Lock = """
            schema: '2.0'
            stages:
              train:
                cmd: python train.py
                deps:
                - path: data
                  hash: sha256
                  sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.dir
                  size: 10
                  nfiles: 2
                params:
                  params.yaml:
                    lr: 1e-05
                    epochs: 5
                    name: 'x'
                    flag: true
                    none: null
                    list: [1, 2.5, b]
                    map: {a: 1, b: [true]}
                    text: "007"
                outs:
                - path: model.pkl
                  hash: sha256
                  sha256: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                  size: 3
                  custom: kept
                frozen_key: 1
            extra_top: value
            """;
        Write("ml.lock", Lock);
        var store = new LockFileStore(_dir.Combine("ml.lock"), new ParseMemo(_dir.Combine("lock-memo"), "lock ml.lock"));
        var parsed = new LockFileStore(_dir.Combine("ml.lock")).Read();
        var first = store.Read();
        var recalled = store.Read();
        Assert.True(new ParseMemo(_dir.Combine("lock-memo"), "lock ml.lock").Recall(Lock, _ => null) is not null);
        Assert.Equal(LockFileWriter.Write(parsed), LockFileWriter.Write(recalled));
        Assert.Equal(Dump(parsed), Dump(first));
        Assert.Equal(Dump(parsed), Dump(recalled));

        Write("ml.lock", Lock.Replace("lr: 1e-05", "lr: 2e-05", StringComparison.Ordinal));
        Assert.Equal("2e-05", store.Read().Stages["train"].Params["params.yaml"]["lr"]!.ToJsonString());
    }

    [Fact]
    public void A_lock_file_with_an_error_reports_it_every_time()
    {
        Write("ml.lock", "schema: '2.0'\nstages:\n  train:\n    outs:\n    - size: 3\n");
        var store = new LockFileStore(_dir.Combine("ml.lock"), new ParseMemo(_dir.Combine("lock-memo"), "lock ml.lock"));
        string expected = Assert.Throws<PipelineFormatException>(() => new LockFileStore(_dir.Combine("ml.lock")).Read()).Message;
        Assert.Equal(expected, Assert.Throws<PipelineFormatException>(store.Read).Message);
        Assert.Equal(expected, Assert.Throws<PipelineFormatException>(store.Read).Message);
        Assert.False(File.Exists(_dir.Combine("lock-memo")));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = [.. bytes];
        copy[at] ^= 0x20;
        return copy;
    }

    private static string Properties<T>() =>
        string.Join(' ', typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order(StringComparer.Ordinal));

    /// <summary>Every public property, list item, dictionary entry (in order) and JSON value's kind and text, recursively.</summary>
    private static string Dump(object? value)
    {
        var sb = new StringBuilder();
        Dump(value, sb);
        return sb.ToString();
    }

    private static void Dump(object? value, StringBuilder sb)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case JsonNode node:
                sb.Append(node.GetType().Name).Append(node is JsonValue v && v.TryGetValue<System.Text.Json.JsonElement>(out _) ? "(element)" : "")
                  .Append(ParamValues.IsInteger(node) ? "(int)" : "").Append(':').Append(node.ToJsonString());
                if (node is JsonObject or JsonArray)
                {
                    foreach (var child in node is JsonObject o ? o.Select(p => (object?)p) : ((JsonArray)node).Select(n => (object?)n))
                    {
                        sb.Append('<');
                        Dump(child, sb);
                        sb.Append('>');
                    }
                }
                return;
            case string or bool or int or long or Enum:
                sb.Append(value.GetType().Name).Append(':').Append(value);
                return;
            case IEnumerable items:
                // Not the collection's type: a list may come back as another kind of list.
                sb.Append('[');
                foreach (object? item in items)
                {
                    Dump(item, sb);
                    sb.Append(", ");
                }
                sb.Append(']');
                return;
        }
        var type = value.GetType();
        sb.Append(type.Name).Append('{');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            sb.Append(property.Name).Append('=');
            Dump(property.GetValue(value), sb);
            sb.Append("; ");
        }
        sb.Append('}');
    }
}
