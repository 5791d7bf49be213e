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
}
