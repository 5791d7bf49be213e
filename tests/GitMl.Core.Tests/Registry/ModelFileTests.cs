using System.Text;
using GitMl.Core.Registry;
using static GitMl.Core.Tests.Registry.RegistryFixtures;

namespace GitMl.Core.Tests.Registry;

public sealed class ModelFileTests
{
    private static ModelRecord Busy()
    {
        var m = WithVersions(3)
            .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "first", At(10)))
            .Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Production, "second", At(11)))
            .Apply(m => ModelLifecycle.SetAlias(m, 3, "challenger", "", At(12)))
            .Apply(m => ModelLifecycle.Archive(m, 3, "", At(13)));
        return m with { Versions = [.. m.Versions.Take(2), m.Versions[2] with { IsDirectory = true, ManifestSize = 321, Metrics = new Dictionary<string, double> { ["z"] = 1e-7, ["a"] = 0.1 } }] };
    }

    [Fact]
    public void Encode_then_decode_gives_the_same_record_and_the_same_bytes()
    {
        var model = Busy();
        byte[] bytes = ModelFile.Encode(model);
        var decoded = ModelFile.Decode(bytes, "test");
        Assert.Equal(bytes, ModelFile.Encode(decoded));
        Assert.Equal(model.LastVersion, decoded.LastVersion);
        Assert.Equal(model.Events, decoded.Events);
        Assert.Equal(2, decoded.Stages[ModelStage.Production]);
        Assert.Equal(1, decoded.Previous[ModelStage.Production]);
        Assert.Equal(3, decoded.Aliases["challenger"]);
        Assert.True(decoded.Versions[2].IsDirectory);
        Assert.Equal(321, decoded.Versions[2].ManifestSize);
        Assert.Equal(1e-7, decoded.Versions[2].Metrics["z"]);
        Assert.NotNull(decoded.Versions[2].Archived);
    }

    [Fact]
    public void The_canonical_form_is_LF_with_a_final_newline_fixed_keys_and_sorted_maps()
    {
        string text = ModelFile.EncodeText(Busy());
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"schema\": 1,\n  \"name\": \"customer-churn-rf\",\n  \"lastVersion\": 3,\n  \"stages\"", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("\"a\": 0.1", StringComparison.Ordinal) < text.IndexOf("\"z\": 1E-07", StringComparison.Ordinal));
        Assert.Contains("\"user\": \"Alice <alice@example.com>\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_insertion_order_does_not_change_the_bytes()
    {
        var a = WithVersions(2) with { Aliases = new Dictionary<string, int> { ["b"] = 1, ["a"] = 2 } };
        var b = a with { Aliases = new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 } };
        Assert.Equal(ModelFile.Encode(a), ModelFile.Encode(b));
    }

    [Fact]
    public void A_newer_schema_is_refused_with_a_clear_message()
    {
        string text = ModelFile.EncodeText(WithVersions(1)).Replace("\"schema\": 1", "\"schema\": 2", StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => ModelFile.Decode(Encoding.UTF8.GetBytes(text), "refs/ml/registry:m.json"));
        Assert.Contains("upgrade git-ml", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"stages\": {\n    \"Production\": 1\n  }", "\"stages\": {\n    \"Live\": 1\n  }")]
    [InlineData("\"stages\": {\n    \"Production\": 1\n  }", "\"stages\": {\n    \"Production\": 7\n  }")]
    [InlineData("\"lastVersion\": 2", "\"lastVersion\": 1")]
    public void A_file_that_breaks_the_rules_is_refused(string from, string to)
    {
        var model = WithVersions(2).Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)));
        string text = ModelFile.EncodeText(model);
        Assert.Contains(from, text, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ModelFile.Decode(Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)), "m.json"));
    }

    [Fact]
    public void A_damaged_file_names_itself()
    {
        var e = Assert.Throws<FormatException>(() => ModelFile.Decode("{\"schema\":1}"u8, "refs/ml/registry:m.json"));
        Assert.Contains("refs/ml/registry:m.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"name\": \"customer-churn-rf\",", "\"name\": \"customer-churn-rf\", \"name\": \"other\",")] // a key given twice
    [InlineData("\"aliases\": {", "\"aliases\": {\"a\": 1, \"a\": 2,")] // a map key given twice
    [InlineData("\"user\": \"Zoë Ünal <zoe@example.com>\",", "\"user\": null,")] // null where a value is needed
    [InlineData("\"user\": \"Zoë Ünal <zoe@example.com>\",", "")] // a key missing
    [InlineData("\"size\": 10,", "\"size\": \"10\",")] // a string for a number
    [InlineData("\"schema\": 1,", "")] // no schema
    [InlineData("\"schema\": 1,", "\"schema\": \"1\",")] // a schema that is not a number
    public void A_hand_edited_file_is_refused_as_a_whole_with_its_name(string from, string to)
    {
        string text = ModelFile.EncodeText(Everything());
        Assert.Contains(from, text, StringComparison.Ordinal);
        int at = text.IndexOf(from, StringComparison.Ordinal);
        string edited = text[..at] + to + text[(at + from.Length)..];
        var e = Assert.Throws<FormatException>(() => ModelFile.Decode(Encoding.UTF8.GetBytes(edited), "refs/ml/registry:m.json"));
        Assert.Contains("refs/ml/registry:m.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_any_input_may_go_is_refused_before_it_is_followed()
    {
        string text = ModelFile.EncodeText(Everything()).Replace("\"detail\": \"\"", "\"detail\": \"\", \"extra\": " + new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ModelFile.Decode(Encoding.UTF8.GetBytes(text), "m.json"));
        string unknown = ModelFile.EncodeText(Everything()).Replace("\"detail\": \"\"", "\"detail\": \"\", \"extra\": [[1]]", StringComparison.Ordinal);
        Assert.Equal(ModelFile.EncodeText(Everything()), ModelFile.EncodeText(ModelFile.Decode(Encoding.UTF8.GetBytes(unknown), "m.json")));
    }

    [Fact]
    public void A_metric_that_is_not_a_finite_number_is_never_written()
    {
        var model = Everything();
        var nan = model with { Versions = [model.Versions[0] with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } }, model.Versions[1]] };
        Assert.Throws<ArgumentException>(() => ModelFile.Encode(nan));
    }

    /// <summary>Every kind of value the file holds, with names and texts that need escaping, in its one encoding.</summary>
    private static ModelRecord Everything()
    {
        var file = new ModelVersion(1, Oid(1), 10, false, "models/a b.pkl", new string('c', 40), "0123456789abcdef0123456789abcdef",
            new Dictionary<string, string> { ["zeta"] = "\"quoted\" \\ <tag> & é", ["Alpha"] = "", ["alpha"] = "1" },
            new Dictionary<string, double> { ["loss"] = 0.25, ["big"] = 12345678.5, ["tiny"] = -3e-12, ["one"] = 1 },
            [new RunArtifact("data/z.csv", Oid(3), 7), new RunArtifact("data/a.csv", Oid(2), 0)],
            "Zoë Ünal <zoe@example.com>", T0, "first\nline\ttab \u0001", "1.2.3", null, null);
        var directory = new ModelVersion(2, Oid(4), 2048, true, "models/dir", null, null,
            new Dictionary<string, string>(), new Dictionary<string, double>(), [], "Bob <bob@example.com>", T0.AddMinutes(1), "", null,
            T0.AddMinutes(2), T0.AddMinutes(3), 321);
        return new ModelRecord("customer-churn-rf", 3,
            new Dictionary<string, int> { ["Staging"] = 1 }, new Dictionary<string, int>(), new Dictionary<string, int> { ["prod"] = 1, ["champion"] = 1 },
            [directory, file],
            [new ModelEvent(T0, "Zoë Ünal <zoe@example.com>", "register", 1, "", "", "x\"y", ""),
             new ModelEvent(T0.AddSeconds(59.9), "Bob <bob@example.com>", "delete", 2, "None", "Deleted", "", "reason: 'gone'")]);
    }

    [Fact]
    public void The_encoding_of_every_kind_of_value_is_fixed_byte_for_byte()
    {
        string text = ModelFile.EncodeText(Everything());
        Assert.Equal(GoldenEverything, text);
        Assert.Equal(text, ModelFile.EncodeText(ModelFile.Decode(Encoding.UTF8.GetBytes(text), "golden")));
    }

    private const string GoldenEverything = """
        {
          "schema": 1,
          "name": "customer-churn-rf",
          "lastVersion": 3,
          "stages": {
            "Staging": 1
          },
          "previous": {},
          "aliases": {
            "champion": 1,
            "prod": 1
          },
          "versions": [
            {
              "version": 1,
              "kind": "file",
              "oid": "0000000000000000000000000000000000000000000000000000000000000001",
              "size": 10,
              "path": "models/a b.pkl",
              "commit": "cccccccccccccccccccccccccccccccccccccccc",
              "run": "0123456789abcdef0123456789abcdef",
              "semver": "1.2.3",
              "user": "Zoë Ünal <zoe@example.com>",
              "time": "2026-01-01T12:00:00Z",
              "message": "first\nline\ttab \u0001",
              "params": {
                "Alpha": "",
                "alpha": "1",
                "zeta": "\"quoted\" \\ <tag> & é"
              },
              "metrics": {
                "big": 12345678.5,
                "loss": 0.25,
                "one": 1,
                "tiny": -3E-12
              },
              "data": [
                {
                  "path": "data/a.csv",
                  "oid": "0000000000000000000000000000000000000000000000000000000000000002",
                  "size": 0
                },
                {
                  "path": "data/z.csv",
                  "oid": "0000000000000000000000000000000000000000000000000000000000000003",
                  "size": 7
                }
              ],
              "archived": null,
              "deleted": null,
              "manifestSize": null
            },
            {
              "version": 2,
              "kind": "directory",
              "oid": "0000000000000000000000000000000000000000000000000000000000000004",
              "size": 2048,
              "path": "models/dir",
              "commit": null,
              "run": null,
              "semver": null,
              "user": "Bob <bob@example.com>",
              "time": "2026-01-01T12:01:00Z",
              "message": "",
              "params": {},
              "metrics": {},
              "data": [],
              "archived": "2026-01-01T12:02:00Z",
              "deleted": "2026-01-01T12:03:00Z",
              "manifestSize": 321
            }
          ],
          "events": [
            {
              "time": "2026-01-01T12:00:00Z",
              "user": "Zoë Ünal <zoe@example.com>",
              "action": "register",
              "version": 1,
              "from": "",
              "to": "",
              "message": "x\"y",
              "detail": ""
            },
            {
              "time": "2026-01-01T12:00:59Z",
              "user": "Bob <bob@example.com>",
              "action": "delete",
              "version": 2,
              "from": "None",
              "to": "Deleted",
              "message": "",
              "detail": "reason: 'gone'"
            }
          ]
        }
        """ + "\n";
}
