using GitMl.Core.Registry;

namespace GitMl.Core.Tests.Registry;

public sealed class ModelUriTests
{
    [Theory]
    [InlineData("models:/customer-churn-rf/3", ModelUriKind.Version)]
    [InlineData("models:/customer-churn-rf/Production", ModelUriKind.Stage)]
    [InlineData("models:/customer-churn-rf/Staging", ModelUriKind.Stage)]
    [InlineData("models:/customer-churn-rf@champion", ModelUriKind.Alias)]
    [InlineData("models:/customer-churn-rf/latest", ModelUriKind.Latest)]
    [InlineData("models:/customer-churn-rf", ModelUriKind.Default)]
    [InlineData("models:/a.b_c-1/12", ModelUriKind.Version)]
    public void Parse_and_ToString_round_trip(string text, ModelUriKind kind)
    {
        var uri = ModelUri.Parse(text);
        Assert.Equal(kind, uri.Kind);
        Assert.Equal(text, uri.ToString());
        Assert.Equal(uri, ModelUri.Parse(uri.ToString()));
    }

    [Fact]
    public void Stage_and_latest_are_matched_case_insensitively_and_written_canonically()
    {
        Assert.Equal("models:/m/Production", ModelUri.Parse("models:/m/production").ToString());
        Assert.Equal("models:/m/latest", ModelUri.Parse("models:/m/LATEST").ToString());
    }

    [Fact]
    public void Parts_are_exposed()
    {
        var uri = ModelUri.Parse("models:/m/7");
        Assert.Equal(("m", 7), (uri.Name, uri.Version!.Value));
        Assert.Equal("champion", ModelUri.Parse("models:/m@champion").Alias);
        Assert.Equal(ModelStage.Staging, ModelUri.Parse("models:/m/staging").Stage);
    }

    [Theory]
    [InlineData("model:/m/1")]
    [InlineData("models:/")]
    [InlineData("models://1")]
    [InlineData("models:/m/0")]
    [InlineData("models:/m/Archived")]
    [InlineData("models:/m/Prod")]
    [InlineData("models:/m/1/2")]
    [InlineData("models:/m@")]
    [InlineData("models:/m@Production")]
    [InlineData("models:/bad name/1")]
    [InlineData("models:/-m/1")]
    [InlineData("models:/m..x/1")]
    [InlineData("models:/m/99999999999999")]
    public void Malformed_uris_are_refused_with_what_to_write(string text)
    {
        var e = Assert.Throws<FormatException>(() => ModelUri.Parse(text));
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    /// <summary>mlflow/mlflow tests/store/artifact/utils/test_model_utils.py: URIs MLflow's _parse_model_uri reads.</summary>
    [Theory]
    [InlineData("models://////m/12345", "models:/m/12345")] // many slashes
    [InlineData("models:///m/1", "models:/m/1")]
    [InlineData("models://////m/Staging", "models:/m/Staging")]
    [InlineData("models:/m/pROduction", "models:/m/Production")] // case insensitive
    [InlineData("models://////m/latest", "models:/m/latest")]
    [InlineData("models:/m/LATEST", "models:/m/latest")]
    [InlineData("models://////m@TestAlias", "models:/m@TestAlias")]
    [InlineData("models:/m@cHAmpion", "models:/m@cHAmpion")]
    [InlineData("models:/catalog.schema.model/latest", "models:/catalog.schema.model/latest")]
    [InlineData("MODELS:/m/1", "models:/m/1")]
    public void Uris_are_read_as_MLflow_reads_them(string text, string canonical) =>
        Assert.Equal(canonical, ModelUri.Parse(text).ToString());

    [Theory]
    // Refused by MLflow too.
    [InlineData("notmodels:/NameOfModel/12345")]
    [InlineData("notmodels:/NameOfModel@alias")]
    [InlineData("models:/ /Stage")]
    [InlineData("models:/Name/")]
    [InlineData("models:/Name/Stage/0")]
    [InlineData("models:Name/Stage")]
    [InlineData("models://Name/Stage")] // the host position, MLflow's Databricks profile
    [InlineData("models://Name@te#ty;")]
    [InlineData("models://")]
    // Read by MLflow, refused by git-ml with the reason (docs/search.md): a Databricks profile has no meaning in a
    // repository's registry; git-ml model names are file and tag names; None and Archived hold many versions.
    [InlineData("models://profile@databricks/12345/67890")]
    [InlineData("models:/Ads Model 1/12345")]
    [InlineData("models:/A!&$%;{}()[]CrazyName@Alias")]
    [InlineData("models:/m/None")]
    [InlineData("models:/catalog.schema.model/0")]
    public void Uris_MLflow_or_git_ml_refuse(string text) =>
        Assert.Throws<FormatException>(() => ModelUri.Parse(text));

    [Fact]
    public void A_profile_after_two_slashes_is_refused_with_the_uri_to_write()
    {
        var e = Assert.Throws<FormatException>(() => ModelUri.Parse("models://profile@databricks/churn/3"));
        Assert.Contains("write models:/churn/3", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<FormatException>(() => ModelUri.Parse("models://churn/Production"));
        Assert.Contains("write models:/churn/Production", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_uri_takes_the_stage_from_GIT_ML_MODEL_STAGE()
    {
        var bare = ModelUri.Parse("models:/m");
        Assert.Equal("models:/m/Production", bare.WithDefaultStage("Production").ToString());
        Assert.Equal("models:/m/Staging", bare.WithDefaultStage("staging").ToString());
        Assert.Throws<ArgumentException>(() => bare.WithDefaultStage(null));
        Assert.Throws<ArgumentException>(() => bare.WithDefaultStage("Archived"));
        Assert.Throws<ArgumentException>(() => bare.WithDefaultStage("None"));
    }

    [Fact]
    public void An_invalid_GIT_ML_MODEL_STAGE_is_an_error_even_for_a_full_uri()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelUri.Parse("models:/m/1").WithDefaultStage("Dev"));
        Assert.Contains(ModelUri.StageEnvironment, e.Message, StringComparison.Ordinal);
        Assert.Equal("models:/m/1", ModelUri.Parse("models:/m/1").WithDefaultStage("").ToString());
    }

    [Theory]
    [InlineData("champion", true)]
    [InlineData("prod-v2", true)]
    [InlineData("42", false)]
    [InlineData("latest", false)]
    [InlineData("staging", false)]
    [InlineData("a/b", false)]
    [InlineData("x.lock", false)]
    public void Aliases_are_validated(string alias, bool valid)
    {
        if (valid)
        {
            Assert.Equal(alias, RegistryNames.ValidateAlias(alias));
        }
        else
        {
            Assert.Throws<ArgumentException>(() => RegistryNames.ValidateAlias(alias));
        }
    }

    [Fact]
    public void Semver_compares_numerically_and_rejects_other_forms()
    {
        Assert.True(SemVer.Parse("1.10.0") > SemVer.Parse("1.9.0"));
        Assert.Equal("1.2.3", SemVer.Parse("v1.2.3").ToString());
        Assert.Throws<FormatException>(() => SemVer.Parse("1.2"));
        Assert.Throws<FormatException>(() => SemVer.Parse("1.2.3-beta"));
        Assert.Throws<FormatException>(() => SemVer.Parse("01.2.3"));
    }
}
